import Foundation

/// Turns files and folders into documents to push (docs/cli.md, `push`):
/// `.txt` and `.md` as they are, `.html`/`.htm` as their text (title from `<title>`), `.json`
/// as one document object, `.ndjson`/`.jsonl` as one object per line. A file's key is its path
/// relative to the folder given (its name, for a file given directly), unless the document
/// carries its own `key`.
public enum DocumentFiles {
    /// A document read from disk, or why it could not be.
    public struct Item: Sendable {
        /// Where it came from: the file (and line, for NDJSON).
        public var origin: String
        public var result: Result<AxisConnection.Upload, FileError>
    }

    public struct FileError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    static let extensions: Set<String> = ["txt", "md", "html", "htm", "json", "ndjson", "jsonl"]

    /// A file to push, with the key its documents get (unless they carry their own).
    public struct File: Sendable, Hashable {
        public var path: String
        public var key: String
        public var size: UInt64
    }

    /// Every file under `paths` that push understands, in a stable order, with its key. A
    /// path that does not exist is listed too, so that reading it reports the error.
    public static func files(in paths: [String]) -> [File] {
        var found: [File] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                found.append(File(path: path, key: (path as NSString).lastPathComponent, size: Self.size(of: path)))
                continue
            }
            let base = URL(fileURLWithPath: path).standardizedFileURL.path
            let enumerator = FileManager.default.enumerator(atPath: base)
            var inside: [File] = []
            while let relative = enumerator?.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator?.skipDescendants()
                    continue
                }
                guard Self.extensions.contains((relative as NSString).pathExtension.lowercased()) else { continue }
                let full = base + "/" + relative
                inside.append(File(path: full, key: relative, size: Self.size(of: full)))
            }
            found += inside.sorted { $0.key < $1.key }
        }
        return found
    }

    static func size(of path: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// Whether a file holds one document per line (read with `LineReader`, not whole).
    static func isLineDelimited(_ path: String) -> Bool {
        ["ndjson", "jsonl"].contains((path as NSString).pathExtension.lowercased())
    }

    /// The document in a whole-file document (.txt, .md, .html, .json).
    static func read(_ file: File) -> Item {
        let data: Data
        do {
            data = Data(try FileContents.read(file.path, streams: false))
        } catch {
            return Item(origin: file.path, result: .failure(FileError(description: "cannot read: \(error)")))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return Item(origin: file.path, result: .failure(FileError(description: "not UTF-8 text")))
        }
        switch (file.path as NSString).pathExtension.lowercased() {
        case "html", "htm":
            let page = HTMLText.extract(text)
            return Item(origin: file.path, result: .success(AxisConnection.Upload(key: file.key, body: Array(page.text.utf8), title: page.title)))
        case "json":
            return Self.document(fromJSON: data, defaultKey: file.key, origin: file.path)
        default:
            let title = text.hasPrefix("# ") ? String(text.dropFirst(2).prefix { $0 != "\n" }) : ""
            return Item(origin: file.path, result: .success(AxisConnection.Upload(key: file.key, body: Array(data), title: title)))
        }
    }

    /// One JSON document object: key, title, source, url, published, tags, body.
    static func document(fromJSON data: Data, defaultKey: String, origin: String) -> Item {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return Item(origin: origin, result: .failure(FileError(description: "not a JSON object")))
        }
        guard let body = object["body"] as? String else {
            return Item(origin: origin, result: .failure(FileError(description: "no \"body\" string")))
        }
        let tags = (object["tags"] as? [Any])?.compactMap { $0 as? String } ?? []
        let upload = AxisConnection.Upload(
            key: (object["key"] as? String) ?? defaultKey, body: Array(body.utf8), title: (object["title"] as? String) ?? "",
            source: (object["source"] as? String) ?? "", url: (object["url"] as? String) ?? "",
            published: (object["published"] as? String) ?? "", tags: tags)
        return Item(origin: origin, result: .success(upload))
    }
}
