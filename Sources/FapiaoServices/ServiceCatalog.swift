public import FapiaoRPC

/// Every business method the server serves, in one list: the router, the
/// permission matrix in docs/permissions.md and its tests all read it.
public enum ServiceCatalog {
    /// - Parameter accessLog: the access-log service, with its sealer on a
    ///   serving server.
    public static func methods(accessLog: AccessLogService = AccessLogService(sealer: nil))
        -> [AnyServiceMethod]
    {
        TenantService().methods + PrincipalService().methods + APIKeyService().methods
            + CertificateService().methods + RoleService().methods + InvoiceService().methods
            + SeriesService().methods + accessLog.methods
    }

    /// Adds every business method to `router`, behind `pipeline`.
    public static func register(
        in router: inout MethodRouter, pipeline: ServicePipeline, accessLog: AccessLogService
    ) {
        for method in methods(accessLog: accessLog) {
            method.register(in: &router, pipeline: pipeline)
        }
    }
}
