/// Fixed values of the fapiao wire protocol v1.
public enum ProtocolConstants {
    /// ALPN protocol id that client and server negotiate in the TLS handshake.
    public static let alpnProtocol = "fapiao/1"
    /// Default largest MESSAGE payload in bytes (4 MiB, as gRPC's default
    /// receive limit).
    public static let defaultMaximumMessageSize = 4 * 1024 * 1024
    /// Largest CALL payload (method, timeout and metadata) in bytes.
    public static let maximumCallStartSize = 16 * 1024
    /// Largest timeout a client may ask for, in microseconds (gRPC caps
    /// grpc-timeout at 8 digits; 99,999,999 seconds). Larger values are
    /// treated as this value.
    public static let maximumTimeoutMicroseconds: UInt64 = 99_999_999 * 1_000_000
}
