import Foundation

/// Reads the examples out of a Markdown page.
enum DocumentationExamples {
    struct Command {
        var command: String
        var exitCode: Int32
        var output: String
    }

    struct Block {
        var language: String
        var body: String
        /// Set by a `<!-- file: NAME -->` line before the block: write the block to NAME.
        var file: String?
    }

    /// Fenced blocks, in order.
    static func blocks(in page: String) -> [Block] {
        var blocks: [Block] = []
        var current: Block?
        var pendingFile: String?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            if var block = current {
                if line.hasPrefix("```") {
                    blocks.append(block)
                    current = nil
                } else {
                    block.body += line + "\n"
                    current = block
                }
            } else if line.hasPrefix("```") {
                current = Block(language: String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), body: "", file: pendingFile)
                pendingFile = nil
            } else if line.hasPrefix("<!-- file: "), line.hasSuffix(" -->") {
                pendingFile = String(line.dropFirst("<!-- file: ".count).dropLast(" -->".count))
            }
        }
        return blocks
    }

    /// Each `console` block holding one `$ command` line, with the `json` block after it.
    /// A trailing `# exit N` says the command exits with N.
    static func commands(in page: String) -> [Command] {
        let blocks = Self.blocks(in: page)
        var commands: [Command] = []
        for (index, block) in blocks.enumerated() where block.language == "console" && index + 1 < blocks.count {
            let next = blocks[index + 1]
            guard next.language == "json", block.body.hasPrefix("$ ") else { continue }
            var command = String(block.body.dropFirst(2)).trimmingCharacters(in: .whitespacesAndNewlines)
            var exitCode: Int32 = 0
            if let range = command.range(of: #"#\s*exit\s+\d+$"#, options: .regularExpression) {
                exitCode = Int32(command[range].filter(\.isNumber)) ?? 0
                command = String(command[..<range.lowerBound])
            }
            commands.append(Command(command: command, exitCode: exitCode, output: next.body))
        }
        return commands
    }
}

/// The shape of JSON output: every path to a value (`hits[].highlights[].start`), over all
/// the values printed (one, or one per line) and all elements of every array.
enum JSONShape {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func of(_ text: String) throws -> Set<String> {
        var paths = Set<String>()
        if let whole = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) {
            Self.collect(whole, at: "$", into: &paths)
            return paths
        }
        for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let value = try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed]) else {
                throw Failure(description: "not JSON: \(line.prefix(200))")
            }
            Self.collect(value, at: "$", into: &paths)
        }
        return paths
    }

    private static func collect(_ value: Any, at path: String, into paths: inout Set<String>) {
        if let object = value as? [String: Any] {
            paths.insert(path + "{}")
            for (key, child) in object { Self.collect(child, at: path + "." + key, into: &paths) }
        } else if let array = value as? [Any] {
            paths.insert(path + "[]")
            for element in array { Self.collect(element, at: path + "[]", into: &paths) }
        } else {
            paths.insert(path)
        }
    }
}
