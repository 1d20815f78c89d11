// One set of partition leases of a hub, laid out as the original's BlobPartitionLeaseManager lays them out: one
// blob per control queue in `{hub}-leases/{set}/{queue}` (set: "default" for the legacy manager, "intent" and
// "ownership" for the safe one), holding `{ PartitionId, Owner, Token, Epoch }`, with an
// Azure blob lease (its id is the Token) saying who owns the partition right now. Owner and Epoch are also kept
// in the blob's metadata, so that one listing shows every partition's owner and lease state (one request a round,
// not one per partition).
import { randomUUID } from "node:crypto";
import { RestError } from "@azure/core-rest-pipeline";
import type { BlockBlobClient, ContainerClient } from "@azure/storage-blob";

export interface LeaseContent {
  PartitionId: string;
  Owner: string | null;
  Token: string | null;
  Epoch: number;
}

export interface LeaseView {
  partition: number;
  content: LeaseContent;
  /** Azure's view: "leased" while some worker holds the lease; anything else means it can be taken. */
  isLeased: boolean;
}

export interface HeldLease {
  partition: number;
  token: string;
  epoch: number;
}

export class PartitionLeaseStore {
  /** Lease blob name → partition, for reading a listing (built on first use). */
  private partitionOfBlob?: Map<string, number>;

  constructor(
    private readonly blob: (partition: number) => BlockBlobClient,
    private readonly container: ContainerClient,
    private readonly queueName: (partition: number) => string,
    readonly partitionCount: number,
    private readonly leaseDurationInSeconds: number,
    /** The folder of this lease set in the container: "default", "intent" or "ownership". */
    readonly directory = "default",
  ) {}

  /** Creates the lease blobs that do not exist yet (If-None-Match, so racing workers create each once). */
  async ensureBlobs(): Promise<void> {
    await Promise.all(
      Array.from({ length: this.partitionCount }, async (_, p) => {
        const content: LeaseContent = { PartitionId: this.queueName(p), Owner: null, Token: null, Epoch: 0 };
        await ignore([409, 412], this.write(p, content, { ifNoneMatch: "*" }));
      }),
    );
  }

  async read(partition: number): Promise<LeaseView> {
    const response = await this.blob(partition).download();
    const chunks: Buffer[] = [];
    for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Buffer));
    const text = Buffer.concat(chunks).toString("utf8");
    return { partition, content: JSON.parse(text) as LeaseContent, isLeased: response.leaseState === "leased" };
  }

  /** Every partition's lease, from one listing; a blob without our metadata (an older writer's) is read in full. */
  async readAll(): Promise<LeaseView[]> {
    const views: (LeaseView | undefined)[] = new Array(this.partitionCount);
    const partitionOf = (this.partitionOfBlob ??= new Map(Array.from({ length: this.partitionCount }, (_, p) => [this.blob(p).name, p])));
    for await (const item of this.container.listBlobsFlat({ prefix: `${this.directory}/`, includeMetadata: true })) {
      const partition = partitionOf.get(item.name);
      const metadata = item.metadata ?? {};
      if (partition === undefined || metadata.epoch === undefined) continue;
      const owner = metadata.owner ? decodeURIComponent(metadata.owner) : null;
      views[partition] = {
        partition,
        content: { PartitionId: this.queueName(partition), Owner: owner, Token: null, Epoch: Number(metadata.epoch) },
        isLeased: item.properties.leaseState === "leased",
      };
    }
    return Promise.all(Array.from(views, (view, p) => view ?? this.read(p)));
  }

  /**
   * Takes a lease, as the original's AcquireAsync does (BlobPartitionLeaseManager.cs:158-184): a free or expired
   * one by acquiring it, a leased one (a steal) by changing its id from the Token its blob names; undefined when
   * another worker got there first (Azure decides: one winner).
   */
  async acquire(partition: number, owner: string, view: LeaseView): Promise<HeldLease | undefined> {
    const token = randomUUID();
    try {
      if (view.isLeased && view.content.Token) {
        await this.blob(partition).getBlobLeaseClient(view.content.Token).changeLease(token);
      } else {
        await this.blob(partition).getBlobLeaseClient(token).acquireLease(this.leaseDurationInSeconds);
      }
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) return undefined;
      throw error;
    }
    const epoch = view.content.Epoch + 1;
    await this.write(partition, { ...view.content, Owner: owner, Token: token, Epoch: epoch }, { leaseId: token });
    return { partition, token, epoch };
  }

  /** Ends another worker's lease at once, so that the next acquire can take it. */
  async breakLease(partition: number): Promise<void> {
    await ignore([409], this.blob(partition).getBlobLeaseClient().breakLease(0));
  }

  /** False when the lease is no longer ours (it expired and another worker took it, or it was broken). */
  async renew(lease: HeldLease): Promise<boolean> {
    try {
      await this.blob(lease.partition).getBlobLeaseClient(lease.token).renewLease();
      return true;
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) return false;
      throw error;
    }
  }

  /**
   * Renews a lease it holds and sets its duration: Azure lets the holder acquire again with the active lease's id
   * as the proposed id to change the duration (Azurite 3.35 does too). False when the lease is no longer ours.
   * Unlike a renewal, this also takes back a lease that was broken and not yet taken: still one holder.
   */
  async changeDuration(lease: HeldLease, durationInMs: number): Promise<boolean> {
    try {
      await this.blob(lease.partition).getBlobLeaseClient(lease.token).acquireLease(Math.round(durationInMs / 1000));
      return true;
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) return false;
      throw error;
    }
  }

  /** Gives the partition up: Owner and Token written as null, then the lease released. */
  async release(lease: HeldLease, view: LeaseView): Promise<void> {
    await ignore([409, 412], this.write(lease.partition, { ...view.content, Owner: null, Token: null }, { leaseId: lease.token }));
    await ignore([409, 412], this.blob(lease.partition).getBlobLeaseClient(lease.token).releaseLease());
  }

  private async write(partition: number, content: LeaseContent, conditions: { ifNoneMatch?: string; leaseId?: string }) {
    const text = JSON.stringify(content);
    await this.blob(partition).upload(text, Buffer.byteLength(text), {
      conditions: conditions.leaseId ? { leaseId: conditions.leaseId } : { ifNoneMatch: conditions.ifNoneMatch },
      blobHTTPHeaders: { blobContentType: "application/json" },
      // Metadata values must be ASCII header text: worker ids are escaped.
      metadata: { owner: content.Owner === null ? "" : encodeURIComponent(content.Owner), epoch: String(content.Epoch) },
    });
  }
}

async function ignore(statusCodes: number[], operation: Promise<unknown>): Promise<void> {
  try {
    await operation;
  } catch (error) {
    if (!(error instanceof RestError && statusCodes.includes(error.statusCode ?? 0))) throw error;
  }
}
