import AxisClient

extension GlobalOptions {
    /// Runs `body` with a connection, closing it afterwards and turning client errors into the
    /// command's documented exit.
    func withConnection<T>(_ body: (AxisConnection) async throws -> T) async throws -> T {
        let connection = try await self.connect()
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch let error as ClientError {
            await connection.close()
            throw CommandFailure(error, json: self.machineReadable)
        } catch {
            await connection.close()
            throw error
        }
    }
}
