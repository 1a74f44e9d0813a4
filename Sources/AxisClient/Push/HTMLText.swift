import Foundation

/// The readable text of an HTML page, and its title: enough for articles saved from the web.
///
/// Not a full HTML parser: tags and comments are dropped (script, style and similar with their contents),
/// block elements become line breaks, character references are decoded, and runs of
/// whitespace are collapsed. That is what indexing and reading the text need.
public enum HTMLText {
    /// Elements whose content is never text.
    static let skipped: Set<String> = ["script", "style", "noscript", "template", "svg"]
    static let blocks: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
        "header", "footer", "blockquote", "pre", "hr", "figcaption", "title", "dd", "dt",
    ]

    /// (title, text) of an HTML document.
    public static func extract(_ html: String) -> (title: String, text: String) {
        var text = ""
        var title = ""
        var skipping: String?
        var inTitle = false
        var inHead = false
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<", html[index...].hasPrefix("<!--") {
                // A comment may hold anything, '>' and tags included.
                let rest = html[html.index(index, offsetBy: 4)...]
                index = rest.range(of: "-->")?.upperBound ?? html.endIndex
                continue
            }
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<close]
                let name = Self.tagName(tag)
                let closing = tag.hasPrefix("/")
                if let current = skipping {
                    if closing && name == current { skipping = nil }
                } else if name == "title" {
                    inTitle = !closing
                } else if name == "head" {
                    inHead = !closing
                } else if Self.skipped.contains(name) && !closing && !tag.hasSuffix("/") {
                    skipping = name
                } else if Self.blocks.contains(name) {
                    text += "\n"
                }
                index = html.index(after: close)
                continue
            }
            if skipping == nil {
                if inTitle {
                    title.append(character)
                } else if !inHead {
                    text.append(character)
                }
            }
            index = html.index(after: index)
        }
        return (Self.clean(Self.decode(title), keepLines: false), Self.clean(Self.decode(text), keepLines: true))
    }

    private static func tagName(_ tag: Substring) -> String {
        let body = tag.drop { $0 == "/" || $0 == "!" }
        return String(body.prefix { $0.isLetter || $0.isNumber }).lowercased()
    }

    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "–", "mdash": "—",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "hellip": "…", "copy": "©",
    ]

    /// Decodes `&name;`, `&#NNN;` and `&#xHH;`; leaves anything else as it is.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") {
                let name = text[text.index(after: index)..<semicolon]
                var decoded: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let value = UInt32(name.dropFirst(2), radix: 16) {
                    decoded = Unicode.Scalar(value).map { String(Character($0)) }
                } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()) {
                    decoded = Unicode.Scalar(value).map { String(Character($0)) }
                } else {
                    decoded = Self.entities[String(name)]
                }
                if let decoded {
                    result += decoded
                    index = text.index(after: semicolon)
                    continue
                }
            }
            result.append(text[index])
            index = text.index(after: index)
        }
        return result
    }

    /// Collapses spaces; keeps single line breaks between paragraphs when `keepLines`.
    private static func clean(_ text: String, keepLines: Bool) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
        }
        if !keepLines { return lines.joined(separator: " ").trimmingCharacters(in: .whitespaces) }
        return lines.filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
    }
}

