import FapiaoLogging
import FapiaoServices
import Foundation

// Entry point: read the configuration, start, then wait for SIGTERM or
// SIGINT and shut down gracefully with exit status 0.

let usage = """
    usage: fapiao-server [COMMAND]

    Without a command, serves calls until SIGTERM or SIGINT; README.md lists the
    FAPIAO_* environment variables that configure it.

    Commands:
      purge-access-log      remove sealed access-log ranges older than
                            FAPIAO_ACCESS_LOG_RETENTION_DAYS (default 1095, at
                            least 183) and exit; safe while the server runs
      --print-permissions   print docs/permissions.md and exit
      --help                print this text and exit
    """
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case nil, "purge-access-log":
    if arguments.count > 1 {
        FileHandle.standardError.write(Data("fapiao-server: unexpected argument '\(arguments[1])'\n\(usage)\n".utf8))
        exit(2)
    }
case "--print-permissions":
    print(PermissionMatrix.markdown(), terminator: "")
    exit(0)
case "--help", "-h":
    print(usage)
    exit(0)
default:
    FileHandle.standardError.write(Data("fapiao-server: unknown command '\(arguments[0])'\n\(usage)\n".utf8))
    exit(2)
}

let configuration: ServerConfiguration
do {
    configuration = try ServerConfiguration.fromEnvironment()
} catch {
    Logger(label: "fapiao-server").error("invalid_configuration", ["error": .string("\(error)")])
    exit(2)
}

let logger = Logger(
    label: "fapiao-server", minimumLevel: Logger.Level(rawValue: configuration.logLevel) ?? .info)

if CommandLine.arguments.dropFirst().first == "purge-access-log" {
    exit(PurgeCommand.run(configuration: configuration, logger: logger))
}

signal(SIGTERM, SIG_IGN)
signal(SIGINT, SIG_IGN)
let stopRequested = DispatchSemaphore(value: 0)
let receivedSignal = LockedSignalName()
let signalQueue = DispatchQueue(label: "fapiao-signals")
let signalSources = [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")].map { number, name in
    let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
    source.setEventHandler {
        receivedSignal.set(name)
        stopRequested.signal()
    }
    source.resume()
    return source
}

let application: ServerApplication
do {
    application = try ServerApplication(configuration: configuration, logger: logger)
} catch {
    logger.error("server_start_failed", ["error": .string("\(error)")])
    exit(1)
}

stopRequested.wait()
application.shutdown(signal: receivedSignal.get())
exit(0)
