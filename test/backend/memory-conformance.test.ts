// The conformance suite on the in-memory backend.
import { InMemoryOrchestrationService } from "../../src/memory/in-memory-orchestration-service.js";
import { describeBackendConformance } from "./conformance-suite.js";

describeBackendConformance("in memory", async () => ({ service: new InMemoryOrchestrationService(), dispose: async () => undefined }));
