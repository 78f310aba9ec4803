import FapiaoAPI
import FapiaoWire
import Testing

private let settings = TenantSettings(rateLimitPerSecond: 50, rateLimitBurst: 100, maxConcurrentCalls: 8)

private let tenants = [
    Tenant(
        id: "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e", name: "北京某某有限公司", status: .active,
        createdAt: "2026-01-02T03:04:05.000006Z", settings: settings),
    Tenant(
        id: "7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", name: "深圳市示例科技有限公司", status: .suspended,
        createdAt: "2026-02-03T04:05:06.000007Z",
        settings: TenantSettings(rateLimitPerSecond: 1, rateLimitBurst: 2, maxConcurrentCalls: 4_294_967_295)),
    Tenant(id: "8b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", name: "Example GmbH", status: .active),
]

@Suite struct TenantProtobufTests {
    @Test func tenantWithSettingsRoundTrip() throws {
        let decoded = try protobufRoundTrip(tenants[0])

        #expect(decoded == tenants[0])
        #expect(decoded.settings == settings)
        #expect(decoded.name == "北京某某有限公司")
    }

    @Test func tenantWithoutSettingsRoundTrip() throws {
        let decoded = try protobufRoundTrip(tenants[2])

        #expect(decoded == tenants[2])
        #expect(decoded.settings == nil)
    }

    @Test func tenantSettingsRoundTrip() throws {
        let maximum = TenantSettings(
            rateLimitPerSecond: .max, rateLimitBurst: .max, maxConcurrentCalls: .max)

        #expect(try protobufRoundTrip(settings) == settings)
        #expect(try protobufRoundTrip(maximum) == maximum)
    }

    @Test func listTenantsRequestRoundTrip() throws {
        let request = ListTenantsRequest()

        #expect(request.protobufBytes().isEmpty)
        #expect(try protobufRoundTrip(request) == request)
        #expect(try ListTenantsRequest(protobufBytes: []) == request)
    }

    @Test func listTenantsResponseRoundTrip() throws {
        let response = ListTenantsResponse(tenants: tenants)

        let decoded = try protobufRoundTrip(response)

        #expect(decoded == response)
        #expect(decoded.tenants.count == 3)
        #expect(decoded.tenants[1].name == "深圳市示例科技有限公司")
        #expect(decoded.tenants[1].settings?.maxConcurrentCalls == 4_294_967_295)
        #expect(decoded.tenants[2].settings == nil)
    }

    @Test func emptyListTenantsResponseRoundTrip() throws {
        let decoded = try protobufRoundTrip(ListTenantsResponse())

        #expect(decoded.tenants.isEmpty)
    }

    @Test func getTenantRequestRoundTrip() throws {
        let request = GetTenantRequest(id: "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e")

        #expect(try protobufRoundTrip(request) == request)
    }

    @Test func setTenantStatusRequestRoundTrip() throws {
        let request = SetTenantStatusRequest(id: "租户-1")

        #expect(try protobufRoundTrip(request) == request)
    }

    @Test func updateTenantSettingsRequestRoundTrip() throws {
        let request = UpdateTenantSettingsRequest(id: "租户-1", settings: settings)

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.settings?.rateLimitBurst == 100)
    }

    @Test func updateWithoutSettingsRoundTrip() throws {
        let request = UpdateTenantSettingsRequest(id: "t")

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.settings == nil)
    }

    @Test func garbageBytesThrow() {
        let garbage: [UInt8] = [0xFF, 0xFF, 0xFF]

        #expect(throws: ProtobufDecodingError.self) { try TenantSettings(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try Tenant(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListTenantsRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListTenantsResponse(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try GetTenantRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try SetTenantStatusRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) {
            try UpdateTenantSettingsRequest(protobufBytes: garbage)
        }
    }

    @Test func decodingErrorNamesMessage() throws {
        let error = try #require(throws: ProtobufDecodingError.self) {
            try ListTenantsResponse(protobufBytes: [0xFF, 0xFF, 0xFF])
        }

        #expect(error.messageName == "fapiao.tenant.v1.ListTenantsResponse")
    }
}

@Suite struct TenantJSONTests {
    @Test func tenantRoundTrip() throws {
        #expect(try jsonRoundTrip(tenants[0]) == tenants[0])
        #expect(try jsonRoundTrip(tenants[2]) == tenants[2])
    }

    @Test func listTenantsRoundTrip() throws {
        let response = ListTenantsResponse(tenants: tenants)

        #expect(try jsonRoundTrip(response) == response)
        #expect(try jsonRoundTrip(ListTenantsRequest()) == ListTenantsRequest())
    }

    @Test func requestsRoundTrip() throws {
        let get = GetTenantRequest(id: "t-1")
        let suspend = SetTenantStatusRequest(id: "t-2")
        let update = UpdateTenantSettingsRequest(id: "t-3", settings: settings)

        #expect(try jsonRoundTrip(get) == get)
        #expect(try jsonRoundTrip(suspend) == suspend)
        #expect(try jsonRoundTrip(update) == update)
        #expect(try jsonRoundTrip(settings) == settings)
    }

    @Test func settingsCamelCaseNames() throws {
        let json = #"{"id":"t","settings":{"rateLimitPerSecond":50,"rateLimitBurst":"100","maxConcurrentCalls":8}}"#

        let request = try decodeJSON(UpdateTenantSettingsRequest.self, json)

        #expect(request.id == "t")
        #expect(request.settings?.rateLimitPerSecond == 50)
        #expect(request.settings?.rateLimitBurst == 100)
        #expect(request.settings?.maxConcurrentCalls == 8)
    }

    @Test func settingsSnakeCaseNames() throws {
        let json = #"{"rate_limit_per_second":5,"rate_limit_burst":10,"max_concurrent_calls":2}"#

        let decoded = try decodeJSON(TenantSettings.self, json)

        #expect(decoded.rateLimitPerSecond == 5)
        #expect(decoded.rateLimitBurst == 10)
        #expect(decoded.maxConcurrentCalls == 2)
    }

    @Test func tenantSnakeCaseNames() throws {
        let json = #"{"id":"t","status":"TENANT_STATUS_SUSPENDED","created_at":"2026-01-01T00:00:00Z","settings":{"rate_limit_burst":3}}"#

        let tenant = try decodeJSON(Tenant.self, json)

        #expect(tenant.status == .suspended)
        #expect(tenant.createdAt == "2026-01-01T00:00:00Z")
        #expect(tenant.settings?.rateLimitBurst == 3)
    }

    @Test func encodedTenantNames() throws {
        let object = try encodedJSONObject(tenants[0])
        let settingsObject = try #require(object["settings"] as? [String: Any])

        #expect(object["createdAt"] as? String == "2026-01-02T03:04:05.000006Z")
        #expect(object["status"] as? String == "TENANT_STATUS_ACTIVE")
        #expect(settingsObject["rateLimitPerSecond"] as? Int == 50)
        #expect(settingsObject["rateLimitBurst"] as? Int == 100)
        #expect(settingsObject["maxConcurrentCalls"] as? Int == 8)
    }

    @Test func defaultsOmitted() throws {
        #expect(try encodedJSONObject(TenantSettings()).isEmpty)
        #expect(try encodedJSONObject(ListTenantsRequest()).isEmpty)
        #expect(try encodedJSONObject(ListTenantsResponse()).isEmpty)
        #expect(try encodedJSONObject(UpdateTenantSettingsRequest()).isEmpty)
        #expect(try encodedJSONObject(Tenant()).isEmpty)
    }

    @Test func unknownFieldRejected() throws {
        let error = try #require(jsonDecodingError(GetTenantRequest.self, #"{"id":"t","colour":"red"}"#))

        #expect(error.path == "colour")
        #expect(error.reason.contains("fapiao.tenant.v1.GetTenantRequest"))
    }

    @Test func unknownFieldInEmptyMessage() throws {
        let error = try #require(jsonDecodingError(ListTenantsRequest.self, #"{"id":"t"}"#))

        #expect(error.path == "id")
    }

    @Test func unknownNestedSettingsField() throws {
        let json = #"{"id":"t","settings":{"rateLimit":5}}"#

        let error = try #require(jsonDecodingError(UpdateTenantSettingsRequest.self, json))

        #expect(error.path == "settings.rateLimit")
    }

    @Test func negativeRateRejected() throws {
        let json = #"{"rateLimitPerSecond":-1}"#

        #expect(jsonDecodingError(TenantSettings.self, json) != nil)
    }
}
