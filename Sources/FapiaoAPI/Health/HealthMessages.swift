import CFapiaoProto
import FapiaoWire

/// Request of `grpc.health.v1.Health/Check` and `/Watch`.
public struct HealthCheckRequest: ProtobufMessage {
    public static let protobufName = "grpc.health.v1.HealthCheckRequest"

    /// Service name; empty for the whole server.
    public var service: String

    public init(service: String = "") {
        self.service = service
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: HealthCheckRequest.protobufName, fields: ["service"])
        service = try json.string("service")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("service", service)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: HealthCheckRequest.protobufName,
            unpack: { grpc__health__v1__health_check_request__unpack(nil, $0, $1) },
            free: { grpc__health__v1__health_check_request__free_unpacked($0, nil) }
        ) { HealthCheckRequest(service: ProtobufField.string($0.pointee.service)) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Grpc__Health__V1__HealthCheckRequest()
        grpc__health__v1__health_check_request__init(&message)
        message.service = arena.string(service)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: grpc__health__v1__health_check_request__get_packed_size,
                pack: grpc__health__v1__health_check_request__pack)
        }
    }
}

/// Serving state in a health reply.
public enum ServingStatus: UInt32, ProtoEnum {
    case unknown = 0
    case serving = 1
    case notServing = 2
    case serviceUnknown = 3

    public static let protoEnumName = "grpc.health.v1.HealthCheckResponse.ServingStatus"
    public static let defaultValue = ServingStatus.unknown

    public var protoName: String {
        switch self {
        case .unknown: "UNKNOWN"
        case .serving: "SERVING"
        case .notServing: "NOT_SERVING"
        case .serviceUnknown: "SERVICE_UNKNOWN"
        }
    }

    public var protoNumber: UInt32 { rawValue }

    public init(protoNumber: UInt32) {
        self = ServingStatus(rawValue: protoNumber) ?? .unknown
    }
}

/// Reply of `grpc.health.v1.Health/Check`, and each message of `/Watch`.
public struct HealthCheckResponse: ProtobufMessage {
    public static let protobufName = "grpc.health.v1.HealthCheckResponse"

    public var status: ServingStatus

    public init(status: ServingStatus = .unknown) {
        self.status = status
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: HealthCheckResponse.protobufName, fields: ["status"])
        status = try json.enumeration(ServingStatus.self, "status")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.enumeration("status", status)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: HealthCheckResponse.protobufName,
            unpack: { grpc__health__v1__health_check_response__unpack(nil, $0, $1) },
            free: { grpc__health__v1__health_check_response__free_unpacked($0, nil) }
        ) { HealthCheckResponse(status: ServingStatus(protoNumber: $0.pointee.status.rawValue)) }
    }

    public func protobufBytes() -> [UInt8] {
        var message = Grpc__Health__V1__HealthCheckResponse()
        grpc__health__v1__health_check_response__init(&message)
        message.status = Grpc__Health__V1__HealthCheckResponse__ServingStatus(
            rawValue: status.rawValue)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: grpc__health__v1__health_check_response__get_packed_size,
                pack: grpc__health__v1__health_check_response__pack)
        }
    }
}
