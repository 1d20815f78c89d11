// @azure/functions v4's HttpRequest: a fetch Request plus the route's `params` and the `query`.
const NATIVE_REQUEST = Symbol.for("dtfx.functions.nativeRequest");

export type HttpRequestParams = Record<string, string>;

export interface HttpRequestInit {
  method?: string;
  url: string;
  body?: { string?: string; bytes?: Uint8Array };
  headers?: Record<string, string>;
  query?: Record<string, string>;
  params?: HttpRequestParams;
}

export class HttpRequest {
  readonly query: URLSearchParams;
  readonly params: HttpRequestParams;
  readonly [NATIVE_REQUEST]: Request;

  /** From a fetch Request (what the host passes), or from the init object @azure/functions' tests use. */
  constructor(init: Request | HttpRequestInit, params: HttpRequestParams = {}) {
    if (init instanceof Request) {
      this[NATIVE_REQUEST] = init;
      this.params = { ...params };
    } else {
      const method = (init.method ?? "GET").toUpperCase();
      const text = init.body?.string ?? (init.body?.bytes ? Buffer.from(init.body.bytes) : undefined);
      const hasBody = method !== "GET" && method !== "HEAD";
      this[NATIVE_REQUEST] = new Request(init.url, { method, headers: init.headers, body: hasBody ? text : undefined });
      this.params = { ...init.params, ...params };
    }
    this.query = new URL(this[NATIVE_REQUEST].url).searchParams;
    if (!(init instanceof Request) && init.query) for (const [k, v] of Object.entries(init.query)) this.query.set(k, v);
  }

  get url(): string {
    return this[NATIVE_REQUEST].url;
  }
  get method(): string {
    return this[NATIVE_REQUEST].method;
  }
  get headers(): Headers {
    return this[NATIVE_REQUEST].headers;
  }
  get body(): ReadableStream<Uint8Array> | null {
    return this[NATIVE_REQUEST].body;
  }
  get bodyUsed(): boolean {
    return this[NATIVE_REQUEST].bodyUsed;
  }
  /** Azure's identity headers are absent here: no App Service authentication in front of dtfx. */
  get user(): null {
    return null;
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return this[NATIVE_REQUEST].arrayBuffer();
  }
  blob(): Promise<Blob> {
    return this[NATIVE_REQUEST].blob();
  }
  formData(): Promise<FormData> {
    return this[NATIVE_REQUEST].formData();
  }
  json(): Promise<unknown> {
    return this[NATIVE_REQUEST].json();
  }
  text(): Promise<string> {
    return this[NATIVE_REQUEST].text();
  }
  clone(): HttpRequest {
    return new HttpRequest(this[NATIVE_REQUEST].clone(), this.params);
  }
}
