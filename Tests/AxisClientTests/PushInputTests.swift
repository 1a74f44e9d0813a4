@testable import AxisClient
import AxisTestSupport
import Foundation
import Testing

@Suite("push: reading files into documents")
struct PushInputTests {
    @Test("HTML: the title from <title>, text without tags, scripts, styles or comments; entities decoded; blocks on their own lines")
    func html() {
        let page = """
            <!DOCTYPE html><html><head><title>Shells &amp; drones</title>
            <style>p { color: red }</style><script>var a = "<p>not text</p>";</script></head>
            <body><!-- a comment with > and <p>tags</p> -->
            <h1>Deliveries</h1><p>The ministry said  1,000&nbsp;shells &ndash; or more &#8212; arrived.</p>
            <p>It named the port of &#x52;ajin.</p></body></html>
            """
        let (title, text) = HTMLText.extract(page)
        #expect(title == "Shells & drones")
        #expect(text == "Deliveries\nThe ministry said 1,000 shells – or more — arrived.\nIt named the port of Rajin.\n")
    }

    @Test("HTML without a title or with broken markup still gives its text")
    func brokenHTML() {
        #expect(HTMLText.extract("plain < text &bogus; here").text == "plain < text &bogus; here\n")
        #expect(HTMLText.extract("<p>open paragraph").title == "")
        #expect(HTMLText.extract("<p>open paragraph").text == "open paragraph\n")
    }

    @Test("lines: LF and CRLF, no final newline, blank lines, chunk boundaries, and lines over the limit")
    func lines() throws {
        try withTemporaryDirectorySync { directory in
            let long = String(repeating: "x", count: 3 * LineReader.chunkBytes)
            let text = "first\r\nsecond\n\n" + long + "\nafter long\n" + String(repeating: "y", count: LineReader.chunkBytes - 3) + "\nlast"
            let path = directory + "/lines.ndjson"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            var reader = try LineReader(path: path, maxLineBytes: 2 * LineReader.chunkBytes)
            var seen: [String] = []
            var total = 0
            while let line = try reader.next() {
                switch line {
                case .text(let bytes, let number, let count):
                    seen.append("\(number):\(bytes.count > 20 ? "<\(bytes.count)>" : String(decoding: bytes, as: UTF8.self))")
                    total += count
                case .tooLong(let number, let count):
                    seen.append("\(number):too long")
                    total += count
                }
            }
            #expect(seen == ["1:first", "2:second", "3:", "4:too long", "5:after long", "6:<\(LineReader.chunkBytes - 3)>", "7:last"])
            #expect(total == text.utf8.count)
        }
    }

    @Test("a folder: keys are relative paths in order; hidden files and unknown kinds are left out; JSON keys win")
    func folder() throws {
        try withTemporaryDirectorySync { directory in
            let files: [(String, String)] = [
                ("b.txt", "Plain text about a rail shipment."),
                ("sub/a.md", "# A heading\nMarkdown body."),
                ("page.html", "<title>Page</title><p>Body text</p>"),
                ("one.json", #"{"key": "own/key", "title": "T", "source": "S", "url": "https://example.org/x", "published": "2024-10-03", "tags": ["a", "b"], "body": "JSON body"}"#),
                ("many.ndjson", "{\"body\": \"line one\"}\nnot json\n\n{\"key\": \"k2\", \"body\": \"line two\"}\n"),
                ("bad.json", "[1, 2]"),
                ("nobody.json", #"{"title": "no body"}"#),
                (".hidden/x.txt", "hidden"),
                ("image.png", "not a document"),
            ]
            for (name, content) in files {
                let path = directory + "/" + name
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(content.utf8).write(to: URL(fileURLWithPath: path))
            }
            let found = DocumentFiles.files(in: [directory])
            #expect(found.map(\.key) == ["b.txt", "bad.json", "many.ndjson", "nobody.json", "one.json", "page.html", "sub/a.md"])
            var reader = DocumentReader(files: found)
            #expect(reader.totalBytes == found.reduce(0) { $0 + $1.size })
            var documents: [String: AxisConnection.Upload] = [:]
            var failures: [String] = []
            while let (item, _) = reader.next() {
                switch item.result {
                case .success(let upload): documents[upload.key] = upload
                case .failure(let error): failures.append("\((item.origin as NSString).lastPathComponent): \(error)")
                }
            }
            #expect(documents.keys.sorted() == ["b.txt", "k2", "many.ndjson#1", "own/key", "page.html", "sub/a.md"])
            #expect(failures == ["bad.json: not a JSON object", "many.ndjson:2: not a JSON object", "nobody.json: no \"body\" string"])
            #expect(documents["sub/a.md"]?.title == "A heading")
            #expect(documents["page.html"]?.title == "Page" && documents["page.html"]?.body == Array("Body text\n".utf8))
            let json = documents["own/key"]
            #expect(json?.title == "T" && json?.source == "S" && json?.url == "https://example.org/x")
            #expect(json?.published == "2024-10-03" && json?.tags == ["a", "b"] && json?.body == Array("JSON body".utf8))
            // A file given directly is keyed by its name.
            #expect(DocumentFiles.files(in: [directory + "/sub/a.md"]).map(\.key) == ["a.md"])
        }
    }

    @Test("a missing file is reported, not skipped silently")
    func missing() {
        var reader = DocumentReader(files: DocumentFiles.files(in: ["/nonexistent/axis/file.txt"]))
        let item = reader.next()?.item
        #expect(item?.origin == "/nonexistent/axis/file.txt")
        if case .success = item?.result { Issue.record("a missing file read as a document") }
        #expect(reader.next() == nil)
    }

    @Test("batches: at most 100 documents, and split before going over 8 MiB")
    func batches() {
        let small = (0..<250).map { (origin: "f\($0)", upload: AxisConnection.Upload(key: "k\($0)", body: [1])) }
        #expect(Pusher.batches(small).map(\.count) == [100, 100, 50])
        let big = (0..<5).map { (origin: "f\($0)", upload: AxisConnection.Upload(key: "k\($0)", body: [UInt8](repeating: 1, count: 3 * 1024 * 1024))) }
        #expect(Pusher.batches(big).map(\.count) == [2, 2, 1])
    }
}
