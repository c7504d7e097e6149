import Foundation

/// The state API's JSON, on every route and on `GET /state/stream`: sorted keys, and a rate that is
/// not a number written as a string rather than failing a whole reply; the attached console reads
/// it back with the matching decoder. One place, so both ends and the stream bench agree.
package enum WireJSON {
    package static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    package static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
