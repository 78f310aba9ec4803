/// Object that receives readiness events for a file descriptor registered with
/// an `EventLoop`.
///
/// Every method runs on the loop's thread. The loop keeps a strong reference
/// to the handler until the descriptor is deregistered.
protocol EventLoopHandler: AnyObject {
    /// Called when the descriptor is readable, or has an error or hang-up pending.
    func handleReadable()

    /// Called when the descriptor is writable and `.writable` is in its interest set.
    func handleWritable()

    /// Called once when the loop stops with the descriptor still registered.
    /// The handler must release its resources and deregister.
    func handleLoopShutdown()
}
