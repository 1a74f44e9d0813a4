import ArgumentParser
import AxisCodec

/// Query text given on the command line.
enum QueryArgument {
    /// A server takes a query of at most `QueryRequest.maxQueryBytes`: said here, before
    /// sending, in the user's terms (the server's refusal names a field number of the wire).
    static func validate(_ text: String?, name: String) throws {
        guard let text, text.utf8.count > QueryRequest.maxQueryBytes else { return }
        throw ValidationError("\(name) is \(text.utf8.count) bytes; the longest a server takes is \(QueryRequest.maxQueryBytes)")
    }
}
