// Exported so code naming it loads; callHttp, its only use, is not supported by dtfx.
export class ManagedIdentityTokenSource {
  readonly kind = "AzureManagedIdentity";
  constructor(readonly resource: string) {}
}
