public import FapiaoRPC

/// Every business method the server serves, in one list: the router, the
/// permission matrix in docs/permissions.md and its tests all read it.
public enum ServiceCatalog {
    public static var methods: [AnyServiceMethod] {
        TenantService().methods + PrincipalService().methods + APIKeyService().methods
            + CertificateService().methods + RoleService().methods + InvoiceService().methods
            + SeriesService().methods
    }

    /// Adds every business method to `router`, behind `pipeline`.
    public static func register(in router: inout MethodRouter, pipeline: ServicePipeline) {
        for method in methods {
            method.register(in: &router, pipeline: pipeline)
        }
    }
}
