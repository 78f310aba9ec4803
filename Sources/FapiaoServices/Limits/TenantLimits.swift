import Foundation

/// Call limits of a tenant, from the `rate_limit_per_second`,
/// `rate_limit_burst` and `max_concurrent_calls` keys of `tenants.settings`.
public struct TenantLimits: Sendable, Equatable {
    public static let defaultRatePerSecond = 1000
    public static let defaultBurst = 2000
    public static let defaultMaximumConcurrentCalls = 100
    /// Upper bound of each setting, so that a typo cannot disable a limit.
    public static let maximumSetting = 1_000_000

    public var ratePerSecond: Int
    public var burst: Int
    public var maximumConcurrentCalls: Int

    public init(
        ratePerSecond: Int = TenantLimits.defaultRatePerSecond,
        burst: Int = TenantLimits.defaultBurst,
        maximumConcurrentCalls: Int = TenantLimits.defaultMaximumConcurrentCalls
    ) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        self.maximumConcurrentCalls = maximumConcurrentCalls
    }

    /// Reads the limits from the settings JSON; missing or invalid keys keep
    /// their defaults.
    public init(settingsJSON: String?) {
        self.init(settings: TenantSettingsJSON.parse(settingsJSON))
    }

    /// Reads the limits from parsed settings; missing or invalid keys keep
    /// their defaults.
    init(settings object: [String: Any]) {
        self.init()
        func read(_ key: String) -> Int? {
            guard let value = object[key] as? Int, value > 0, value <= TenantLimits.maximumSetting
            else { return nil }
            return value
        }
        ratePerSecond = read("rate_limit_per_second") ?? ratePerSecond
        burst = read("rate_limit_burst") ?? burst
        maximumConcurrentCalls = read("max_concurrent_calls") ?? maximumConcurrentCalls
    }
}
