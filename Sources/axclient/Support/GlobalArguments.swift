/// Lets the global options come before the subcommand, as in `axclient --server H:P ping`.
///
/// ArgumentParser only parses a subcommand's options after its name, so the global options
/// found before the first subcommand name are moved right after it. Everything else keeps its
/// order; an unknown option before the subcommand is left where it is (ArgumentParser then
/// reports it).
enum GlobalArguments {
    /// Global options that take a value.
    static let withValue: Set<String> = ["--server", "--timeout", "--token", "--config", "--ca"]
    /// Global flags.
    static let flags: Set<String> = ["--json", "--ndjson", "--tls", "--tls-insecure-skip-verify"]
    /// Commands whose options belong to a subcommand of theirs (`token add`).
    static let nested: Set<String> = ["token"]

    static func hoist(_ arguments: [String]) -> [String] {
        var hoisted: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if Self.flags.contains(argument) {
                hoisted.append(argument)
                index += 1
            } else if Self.withValue.contains(name) {
                hoisted.append(argument)
                if !argument.contains("="), index + 1 < arguments.count {
                    hoisted.append(arguments[index + 1])
                    index += 2
                } else {
                    index += 1
                }
            } else {
                break
            }
        }
        guard index < arguments.count, !hoisted.isEmpty, !arguments[index].hasPrefix("-") else {
            return arguments
        }
        // arguments[index] is the subcommand name (and the next one its own subcommand's).
        if Self.nested.contains(arguments[index]), index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") {
            return [arguments[index], arguments[index + 1]] + hoisted + arguments[(index + 2)...]
        }
        return [arguments[index]] + hoisted + arguments[(index + 1)...]
    }
}
