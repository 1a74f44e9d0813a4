import Foundation

/// CSV as RFC 4180 reads it: fields with a comma, quote, CR or LF are quoted, quotes doubled;
/// lines end in CRLF. Spreadsheets and Python's csv module read it back unchanged.
enum CSVWriter {
    static func line(_ fields: [String]) -> String {
        fields.map(Self.field).joined(separator: ",") + "\r\n"
    }

    static func field(_ text: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
