import Hummingbird

/// Every failure the state API reports: an HTTP status plus `{"error": token, "message": line}`.
/// Tokens follow rippled's names where one exists (`txnNotFound`, `actNotFound`, `actMalformed`,
/// `invalidParams`), so operators who read rippled errors read these the same way.
struct StateAPIError: Error, Sendable, Equatable {
    let status: HTTPResponse.Status
    let token: String
    /// One line; never a secret (nothing the API touches holds one).
    let message: String

    init(_ status: HTTPResponse.Status, _ token: String, _ message: String) {
        self.status = status
        self.token = token
        self.message = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }

    static func notFound(path: String) -> StateAPIError {
        StateAPIError(.notFound, "notFound", "no such endpoint: \(path)")
    }

    static func methodNotAllowed(_ method: HTTPRequest.Method, path: String, allowed: HTTPRequest.Method) -> StateAPIError {
        StateAPIError(.methodNotAllowed, "methodNotAllowed", "\(path) accepts \(allowed.rawValue), not \(method.rawValue)")
    }

    static let unauthorized = StateAPIError(
        .unauthorized, "unauthorized", "control endpoints need the control token: Authorization: Bearer TOKEN or X-SeqWatch-Token")

    static let notReady = StateAPIError(.serviceUnavailable, "notReady", "the engine has not published a snapshot yet")

    static func invalidParams(_ message: String) -> StateAPIError {
        StateAPIError(.badRequest, "invalidParams", message)
    }
}
