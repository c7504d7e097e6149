import Foundation
import Testing

@testable import XRPL

/// The rippled API models, both directions: decoding what a real rippled (v1 or v2) sends, and
/// encoding what the simulator must send. Sample replies are written from the shapes in
/// XRPL-PROTOCOL.md §3 and the xrpl-dev-portal method pages.
@Suite struct APIModelTests {
    static let genesis = "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"
    static let alice = "rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe"
    static let bob = "rf1BiGeXwwQoi8Z2ueFYTEXSwuJYfV2Jpn"
    static let txHash = "E08D6E9754025BA2534A78707605E0601F03ACE063687A0CA1BDDACFCD1698C7"
    static let ledgerHash = "7C3EEDB3124D92E49E75D81A8826A2E65A75FD71FC3FD6F36FEB803C5F1E812D"

    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    // MARK: - Errors and envelopes

    @Test func errorCatalogueMatchesRippled() {
        let expected: [RPCErrorToken: Int] = [
            .actNotFound: 19, .actMalformed: 35, .invalidParams: 31, .txnNotFound: 29, .lgrNotFound: 21,
            .lgrIdxMalformed: 58, .unknownCmd: 32, .noCurrent: 16, .noClosed: 15, .noNetwork: 17, .notSynced: 18,
            .tooBusy: 9, .slowDown: 10, .highFee: 11, .amendmentBlocked: 14, .noPermission: 6, .notSupported: 75,
            .internal: 73, .excessiveLgrRange: 78, .invalidLgrRange: 79,
        ]
        for (token, code) in expected {
            #expect(token.code == code, "\(token)")
            #expect(token.defaultMessage != nil, "\(token)")
        }
        #expect(RPCErrorToken.actNotFound.defaultMessage == "Account not found.")
        #expect(RPCErrorToken.invalidParams.defaultMessage == "Invalid parameters.")
        #expect(RPCErrorToken.txnNotFound.defaultMessage == "Transaction not found.")
        #expect(RPCErrorToken.unknownCmd.defaultMessage == "Unknown method.")
        // Plain-string errors carry no code and no message in rippled.
        for token in [RPCErrorToken.notStandAlone, .invalidTransaction, .internalSubmit, .internalJson] {
            #expect(token.code == nil)
            #expect(token.defaultMessage == nil)
        }
        #expect(RPCErrorToken(rawValue: "invalid_API_version") == .invalidAPIVersion)
    }

    @Test func jsonRPCErrorExamplesDecode() throws {
        let actNotFound = try parse(
            #"""
            {"result":{"account":"rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe","error":"actNotFound","error_code":19,
              "error_message":"Account not found.","ledger_current_index":7,
              "request":{"account":"rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe","command":"account_info","ledger_index":"current","queue":true},
              "status":"error","validated":false}}
            """#)
        let e = try #require(try RPCEnvelope.parse(actNotFound).failure)
        #expect(e.token == "actNotFound")
        #expect(e.kind == .actNotFound)
        #expect(e.code == 19)
        #expect(e.message == "Account not found.")
        #expect(e.extra["account"] == .string(Self.alice))
        #expect(e.extra["ledger_current_index"] == 7)
        #expect(e.extra["validated"] == false)
        #expect(e.extra["status"] == nil)
        #expect(e.request?["command"] == "account_info")
        #expect(e.description == "actNotFound (19): Account not found.")

        let invalid = try parse(
            #"""
            {"result":{"error":"invalidParams","error_code":31,"error_message":"Invalid parameters.",
              "request":{"account":"rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe","command":"account_info","ledger_index":"validated","queue":true},
              "status":"error"}}
            """#)
        let e2 = try #require(try RPCEnvelope.parse(invalid).failure)
        #expect(e2.kind == .invalidParams && e2.code == 31 && e2.extra.isEmpty)

        let notFound = try parse(
            #"""
            {"result":{"error":"txnNotFound","error_code":29,"error_message":"Transaction not found.",
              "request":{"command":"tx","transaction":"E08D6E9754025BA2534A78707605E0601F03ACE063687A0CA1BDDACFCD1698C7","min_ledger":10,"max_ledger":20},
              "searched_all":true,"status":"error"}}
            """#)
        let e3 = try #require(try RPCEnvelope.parse(notFound).failure)
        #expect(e3.kind == .txnNotFound)
        #expect(e3.extra["searched_all"] == true)
    }

    @Test func webSocketErrorDecodesAtTopLevel() throws {
        let text = #"""
            {"id":7,"status":"error","type":"response","error":"lgrNotFound","error_code":21,
             "error_message":"Ledger not found.","api_version":2,
             "request":{"id":7,"command":"ledger","ledger_index":999999,"api_version":2}}
            """#
        let response = try WebSocketResponse(json: parse(text))
        #expect(response.id == 7)
        #expect(response.apiVersion == 2)
        let e = try #require(response.outcome.failure)
        #expect(e.kind == .lgrNotFound && e.code == 21)
        #expect(e.extra.isEmpty)
        // The same text through Codable and through the generic parser.
        let viaCodable = try JSONDecoder().decode(WebSocketResponse.self, from: Data(text.utf8))
        #expect(viaCodable == response)
        #expect(try RPCEnvelope.parse(parse(text)).failure == e)
    }

    @Test func plainStringErrorsKeepTheirShape() throws {
        // submit's invalidTransaction: error + error_exception only.
        let e = RPCError(.invalidTransaction, exception: "fails local checks: Invalid signature.")
        #expect(
            JSONValue.object(e.fields)
                == ["error": "invalidTransaction", "error_exception": "fails local checks: Invalid signature."])
        let request: JSONValue = ["id": 3, "command": "submit", "tx_blob": "1200"]
        let ws = RPCEnvelope.webSocketError(e, request: request)
        #expect(ws["error_code"] == nil)
        #expect(ws["error_message"] == nil)
        #expect(ws["error_exception"] == "fails local checks: Invalid signature.")
        let back = try #require(try RPCEnvelope.parse(ws).failure)
        #expect(back.kind == .invalidTransaction)
        #expect(back.exception == "fails local checks: Invalid signature.")
        #expect(back.description == "invalidTransaction: fails local checks: Invalid signature.")

        // ledger_accept on a networked server: just the token.
        let na = RPCError(.notStandAlone)
        #expect(JSONValue.object(na.fields) == ["error": "notStandAlone"])
    }

    @Test func webSocketEnvelopesAreExact() throws {
        let request: JSONValue = ["id": "req-1", "command": "ledger_current", "api_version": 2]
        let ok = RPCEnvelope.webSocketSuccess(id: "req-1", result: ["ledger_current_index": 8], apiVersion: 2)
        #expect(
            ok == [
                "id": "req-1", "status": "success", "type": "response", "api_version": 2,
                "result": ["ledger_current_index": 8],
            ])
        #expect(try RPCEnvelope.parse(ok).success == ["ledger_current_index": 8])

        let err = RPCEnvelope.webSocketError(
            RPCError(.actNotFound, extra: ["account": .string(Self.alice), "ledger_current_index": 7, "validated": false]),
            request: ["id": 5, "command": "account_info", "account": .string(Self.alice)])
        #expect(
            err == [
                "id": 5, "status": "error", "type": "response", "error": "actNotFound", "error_code": 19,
                "error_message": "Account not found.", "account": .string(Self.alice), "ledger_current_index": 7,
                "validated": false,
                "request": ["id": 5, "command": "account_info", "account": .string(Self.alice)],
            ])
        // Built from a typed request, the reply echoes id and api_version.
        let typed = try WebSocketRequest(id: "req-1", LedgerCurrentRequest())
        #expect(typed.json == request)
        let reply = WebSocketResponse(replyingTo: typed, outcome: .success(["ledger_current_index": 8]))
        #expect(reply.json == ok)
    }

    @Test func jsonRPCEnvelopesAreExact() throws {
        let ok = RPCEnvelope.jsonRPCSuccess(result: ["ledger_current_index": 8])
        #expect(ok == ["result": ["ledger_current_index": 8, "status": "success"]])
        // status is removed on the way back, so results look the same on both transports.
        #expect(try RPCEnvelope.parse(ok).success == ["ledger_current_index": 8])

        let request = try JSONRPCRequest(AccountInfoRequest(account: Self.alice, ledgerIndex: .validated, queue: true))
        #expect(
            request.json == [
                "method": "account_info",
                "params": [["account": .string(Self.alice), "ledger_index": "validated", "queue": true, "api_version": 2]],
            ])
        let reply = JSONRPCResponse(replyingTo: request, outcome: .failure(RPCError(.invalidParams)))
        #expect(
            reply.json == [
                "result": [
                    "error": "invalidParams", "error_code": 31, "error_message": "Invalid parameters.",
                    "status": "error",
                    "request": [
                        "account": .string(Self.alice), "ledger_index": "validated", "queue": true, "api_version": 2,
                        "command": "account_info",
                    ],
                ]
            ])
        #expect(try RPCEnvelope.parseJSONRPC(reply.json).failure?.kind == .invalidParams)
        #expect(RPCEnvelope.jsonRPCError(RPCError(.invalidParams), request: request.echo) == reply.json)
    }

    @Test func jsonRPCRequestParamsRules() throws {
        #expect(try JSONRPCRequest(json: ["method": "fee"]).params.isEmpty)
        #expect(try JSONRPCRequest(json: ["method": "fee", "params": [[:]]]).params.isEmpty)
        #expect(throws: XRPLError.self) { try JSONRPCRequest(json: ["method": "fee", "params": [[:], [:]]]) }
        #expect(throws: XRPLError.self) { try JSONRPCRequest(json: ["method": "fee", "params": ["x"]]) }
        #expect(throws: XRPLError.self) { try JSONRPCRequest(json: ["params": [[:]]]) }
        let r = try JSONRPCRequest(json: ["method": "tx", "params": [["transaction": .string(Self.txHash), "api_version": 2]]])
        #expect(r.apiVersion == 2)
        #expect(try r.decodeParams(TxRequest.self).transaction == Self.txHash)
    }

    @Test func webSocketRequestRoundTrip() throws {
        let text = #"{"id":1,"command":"account_info","account":"rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe","ledger_index":"current","queue":true,"api_version":2}"#
        let req = try JSONDecoder().decode(WebSocketRequest.self, from: Data(text.utf8))
        #expect(req.id == 1 && req.command == "account_info" && req.apiVersion == 2)
        #expect(req.params["api_version"] == nil && req.params["id"] == nil)
        let typed = try req.decodeParams(AccountInfoRequest.self)
        #expect(typed == AccountInfoRequest(account: Self.alice, ledgerIndex: .current, queue: true))
        #expect(try WebSocketRequest(id: 1, typed).json == parse(text))
        // rippled also takes `method` in place of `command`, and the legacy `ident`.
        let legacy = try WebSocketRequest(json: ["id": 2, "method": "account_info", "ident": .string(Self.alice)])
        #expect(legacy.command == "account_info" && legacy.apiVersion == nil)
        #expect(try legacy.decodeParams(AccountInfoRequest.self).account == Self.alice)
        #expect(throws: XRPLError.self) { try WebSocketRequest(json: ["id": 3]) }
    }

    @Test func envelopeParserRejectsNonEnvelopes() {
        #expect(throws: XRPLError.self) { try RPCEnvelope.parse("nope") }
        #expect(throws: XRPLError.self) { try RPCEnvelope.parse(["something": 1]) }
    }

    // MARK: - Requests

    @Test func ledgerSpecifierWireForms() throws {
        #expect(try JSONValue(encoding: LedgerSpecifier.current) == "current")
        #expect(try JSONValue(encoding: LedgerSpecifier.validated) == "validated")
        #expect(try JSONValue(encoding: LedgerSpecifier.index(42)) == 42)
        #expect(LedgerSpecifier(json: "closed") == .closed)
        #expect(LedgerSpecifier(json: 42) == .index(42))
        #expect(LedgerSpecifier(json: "42") == .index(42))
        #expect(LedgerSpecifier(json: "latest") == nil)
        #expect(LedgerSpecifier(json: -1) == nil)
        #expect(throws: XRPLError.self) { try JSONValue("yesterday").decode(as: LedgerSpecifier.self) }
    }

    @Test func requestParamsEncodeInRippledNames() throws {
        #expect(
            try AccountInfoRequest(account: Self.alice, ledgerIndex: .current, queue: true, signerLists: false).params()
                == ["account": .string(Self.alice), "ledger_index": "current", "queue": true, "signer_lists": false])
        #expect(try SubmitRequest(txBlob: "12000022", failHard: true).params() == ["tx_blob": "12000022", "fail_hard": true])
        #expect(try FeeRequest().params().isEmpty)
        #expect(try ServerInfoRequest().params().isEmpty)
        #expect(try ServerStateRequest().params().isEmpty)
        #expect(try LedgerCurrentRequest().params().isEmpty)
        #expect(try LedgerClosedRequest().params().isEmpty)
        #expect(try LedgerAcceptRequest().params().isEmpty)
        #expect(try PingRequest().params().isEmpty)
        #expect(
            try LedgerRequest(ledgerIndex: 12, transactions: true, expand: true, binary: false, queue: false).params()
                == ["ledger_index": 12, "transactions": true, "expand": true, "binary": false, "queue": false])
        #expect(
            try TxRequest(transaction: Self.txHash, binary: false, minLedger: 10, maxLedger: 20).params()
                == ["transaction": .string(Self.txHash), "binary": false, "min_ledger": 10, "max_ledger": 20])
        #expect(
            try AccountTxRequest(account: Self.alice, ledgerIndexMin: -1, ledgerIndexMax: -1, forward: true, limit: 50, marker: ["ledger": 5, "seq": 0]).params()
                == [
                    "account": .string(Self.alice), "ledger_index_min": -1, "ledger_index_max": -1, "forward": true,
                    "limit": 50, "marker": ["ledger": 5, "seq": 0],
                ])
        #expect(
            try SubscribeRequest(streams: [StreamName.ledger, StreamName.transactions], accounts: [Self.alice], accountsProposed: [Self.bob]).params()
                == [
                    "streams": ["ledger", "transactions"], "accounts": [.string(Self.alice)],
                    "accounts_proposed": [.string(Self.bob)],
                ])
        #expect(try UnsubscribeRequest(streams: ["ledger"]).params() == ["streams": ["ledger"]])
        #expect(SubmitRequest.command == "submit" && UnsubscribeRequest.command == "unsubscribe")
    }

    @Test func requestsRoundTrip() throws {
        func roundTrip<R: RPCRequest & Equatable>(_ r: R) throws {
            #expect(try R(params: r.params()) == r)
        }
        try roundTrip(AccountInfoRequest(account: Self.alice, ledgerIndex: .index(9), ledgerHash: nil, queue: false))
        try roundTrip(SubmitRequest(txBlob: "ABCD", failHard: false))
        try roundTrip(SubmitRequest(txJSON: ["TransactionType": "Payment"], secret: "sEdTM1uX8pu2do5XvTnutH6HsouMaM2"))
        try roundTrip(LedgerRequest(ledgerIndex: .closed, transactions: true))
        try roundTrip(TxRequest(transaction: Self.txHash, minLedger: 1, maxLedger: 1000))
        try roundTrip(TxRequest(ctid: "C005523E00000000", binary: true))
        try roundTrip(AccountTxRequest(account: Self.alice, ledgerIndex: .validated, binary: true))
        try roundTrip(SubscribeRequest(streams: ["ledger"]))
        try roundTrip(FeeRequest())
    }

    @Test func signAndSubmitSecretIsNeverPrinted() throws {
        let secret = "sEdTM1uX8pu2do5XvTnutH6HsouMaM2"
        let req = SubmitRequest(
            txJSON: ["TransactionType": "Payment", "Account": .string(Self.alice), "Destination": .string(Self.bob), "Amount": "1000"],
            secret: secret)
        #expect(req.isSignAndSubmit)
        var dumped = ""
        dump(req, to: &dumped)
        let renderings = [
            req.description, req.debugDescription, "\(req)", String(describing: req), String(reflecting: req), dumped,
            "\(req.secret!)", String(reflecting: req.secret!),
        ]
        for text in renderings {
            #expect(!text.contains(secret), "leaked in: \(text)")
        }
        #expect(req.description.contains("<redacted>"))
        // The wire JSON must carry it (rippled needs it) …
        #expect(try req.params()["secret"] == .string(secret))
        // … but envelope descriptions and error echoes mask it, as rippled does.
        let ws = try WebSocketRequest(id: 1, req)
        #expect(!ws.description.contains(secret))
        let rpc = try JSONRPCRequest(req)
        #expect(!rpc.description.contains(secret))
        let wsError = RPCEnvelope.webSocketError(RPCError(.highFee), request: ws.json)
        #expect(wsError["request"]?["secret"] == "<masked>")
        let rpcError = JSONRPCResponse(replyingTo: rpc, outcome: .failure(RPCError(.highFee))).json
        #expect(rpcError["result"]?["request"]?["secret"] == "<masked>")
        #expect(!rpcError.serialized().contains(secret))
    }

    // MARK: - Responses

    static let accountInfoV2 = #"""
        {
          "account_data": {
            "Account": "rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe",
            "Balance": "999999999960",
            "Flags": 8388608,
            "LedgerEntryType": "AccountRoot",
            "OwnerCount": 0,
            "PreviousTxnID": "4294BEBE5B569A18C0A2702387C9B1E7146DC3A5850C1E87204951C6FDAA4C42",
            "PreviousTxnLgrSeq": 3,
            "Sequence": 6,
            "Domain": "6578616D706C652E636F6D",
            "index": "92FA6A9FC8EA6018D5D16532D7795C91BFB0831355BDFDA177E86C8BF997985F"
          },
          "account_flags": {"defaultRipple": false, "depositAuth": false, "requireDestinationTag": true},
          "ledger_current_index": 8,
          "queue_data": {
            "auth_change_queued": false,
            "highest_sequence": 7,
            "lowest_sequence": 6,
            "max_spend_drops_total": "500",
            "sequence_count": 2,
            "transactions": [
              {"auth_change": false, "fee": "100", "fee_level": "2560", "max_spend_drops": "100", "seq": 6, "LastLedgerSequence": 12},
              {"auth_change": false, "fee": "400", "fee_level": "10240", "max_spend_drops": "400", "seq": 7}
            ],
            "txn_count": 2
          },
          "validated": false
        }
        """#

    @Test func accountInfoWithQueueDecodes() throws {
        let info = try parse(Self.accountInfoV2).decode(as: AccountInfoResponse.self)
        #expect(info.accountData.account == Self.alice)
        #expect(info.accountData.balance == "999999999960")
        #expect(info.accountData.balanceDrops == 999_999_999_960)
        #expect(info.accountData.sequence == 6)
        #expect(info.accountData.flags == 8_388_608)
        #expect(info.accountData.previousTxnLgrSeq == 3)
        #expect(info.accountData.ledgerEntryType == "AccountRoot")
        #expect(info.accountData.index?.hasPrefix("92FA") == true)
        #expect(info.accountData.otherFields == ["Domain": "6578616D706C652E636F6D"])
        #expect(info.accountFlags?["requireDestinationTag"] == true)
        #expect(info.ledgerCurrentIndex == 8 && info.ledgerIndex == nil && !info.validated)
        let q = try #require(info.queueData)
        #expect(q.txnCount == 2 && q.sequenceCount == 2 && q.lowestSequence == 6 && q.highestSequence == 7)
        #expect(q.maxSpendDropsTotalValue == 500 && q.authChangeQueued == false)
        let txs = try #require(q.transactions)
        #expect(txs.map(\.seq) == [6, 7])
        #expect(txs[0].feeDrops == 100 && txs[0].feeLevelValue == 2560 && txs[0].lastLedgerSequence == 12)
        #expect(txs[1].lastLedgerSequence == nil)
        // Encode → decode loses nothing, and the wire JSON is what came in.
        let encoded = try JSONValue(encoding: info)
        #expect(encoded == (try parse(Self.accountInfoV2)))
        #expect(try encoded.decode(as: AccountInfoResponse.self) == info)
    }

    @Test func accountInfoValidatedLedgerAndEmptyQueue() throws {
        let text = #"""
            {"account_data":{"Account":"rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh","Balance":"100000000000000000",
              "Flags":0,"LedgerEntryType":"AccountRoot","OwnerCount":0,"PreviousTxnID":"0000000000000000000000000000000000000000000000000000000000000000",
              "PreviousTxnLgrSeq":0,"Sequence":1,"index":"2B6AC232AA4C4BE41BF49D2459FA4A0347E1B543A4C92FCEE0821C0201E2E9A8"},
             "ledger_hash":"7C3EEDB3124D92E49E75D81A8826A2E65A75FD71FC3FD6F36FEB803C5F1E812D","ledger_index":"2",
             "queue_data":{"txn_count":0},"validated":true}
            """#
        let info = try parse(text).decode(as: AccountInfoResponse.self)
        #expect(info.ledgerIndex == 2)  // a string index is accepted
        #expect(info.ledgerHash == Self.ledgerHash && info.validated)
        #expect(info.accountData.balanceDrops == 100_000_000_000_000_000)
        #expect(info.queueData == QueueData(txnCount: 0))
        #expect(try JSONValue(encoding: QueueData(txnCount: 0)) == ["txn_count": 0])
    }

    @Test func decodingFailuresNameTheField() {
        do {
            _ = try JSONValue.object(["validated": true]).decode(as: AccountInfoResponse.self)
            Issue.record("expected a failure")
        } catch let XRPLError.malformedJSON(reason) {
            #expect(reason.contains("account_data"))
            #expect(!reason.contains("\n"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            _ = try JSONValue.object(["ledger_current_index": "eight"]).decode(as: LedgerCurrentResponse.self)
            Issue.record("expected a failure")
        } catch let XRPLError.malformedJSON(reason) {
            #expect(reason.contains("ledger_current_index"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    static let submitQueued = #"""
        {
          "accepted": true,
          "account_sequence_available": 9,
          "account_sequence_next": 6,
          "applied": false,
          "broadcast": false,
          "engine_result": "terQUEUED",
          "engine_result_code": -89,
          "engine_result_message": "Held until escalated fee drops.",
          "kept": true,
          "open_ledger_cost": "2500",
          "queued": true,
          "tx_blob": "1200002280000000240000000861400000000000000A68400000000000000A7321EDB4A1B1",
          "tx_json": {
            "Account": "rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe",
            "Amount": "10",
            "Destination": "rf1BiGeXwwQoi8Z2ueFYTEXSwuJYfV2Jpn",
            "Fee": "10",
            "Flags": 2147483648,
            "LastLedgerSequence": 12,
            "Sequence": 8,
            "SigningPubKey": "EDB4A1B1",
            "TransactionType": "Payment",
            "TxnSignature": "00",
            "hash": "E08D6E9754025BA2534A78707605E0601F03ACE063687A0CA1BDDACFCD1698C7"
          },
          "validated_ledger_index": 7
        }
        """#

    @Test func submitResponseDecodes() throws {
        let r = try parse(Self.submitQueued).decode(as: SubmitResponse.self)
        #expect(r.engineResult == "terQUEUED" && r.engineResultCode == -89)
        #expect(r.queued == true && r.applied == false && r.kept == true && r.accepted == true && r.broadcast == false)
        #expect(r.openLedgerCostDrops == 2500)
        #expect(r.validatedLedgerIndex == 7)
        #expect(r.accountSequenceNext == 6 && r.accountSequenceAvailable == 9)
        #expect(r.hash == Self.txHash)
        #expect(r.txJSON["Sequence"] == 8)
        #expect(try JSONValue(encoding: r) == (try parse(Self.submitQueued)))

        // Without a validated ledger the augmented fields are absent.
        var bare = try parse(Self.submitQueued)
        for k in ["account_sequence_available", "account_sequence_next", "open_ledger_cost", "validated_ledger_index"] {
            bare[k] = nil
        }
        let r2 = try bare.decode(as: SubmitResponse.self)
        #expect(r2.accountSequenceNext == nil && r2.accountSequenceAvailable == nil && r2.openLedgerCost == nil)
        #expect(try JSONValue(encoding: r2) == bare)
    }

    /// The fast path the engine uses reads exactly what the Codable path reads.
    @Test func submitResponseFromParsedJSONMatchesDecoder() throws {
        var lenient = try parse(Self.submitQueued)
        lenient["open_ledger_cost"] = 2500
        lenient["account_sequence_next"] = "6"
        for json in [try parse(Self.submitQueued), lenient] {
            #expect(try SubmitResponse(json: json) == (try json.decode(as: SubmitResponse.self)))
        }
        var broken = try parse(Self.submitQueued)
        broken["engine_result"] = nil
        #expect(throws: XRPLError.self) { try SubmitResponse(json: broken) }
    }

    static let feeText = #"""
        {
          "current_ledger_size": "14",
          "current_queue_size": "0",
          "drops": {"base_fee": "10", "median_fee": "11000", "minimum_fee": "10", "open_ledger_fee": "10"},
          "expected_ledger_size": "24",
          "ledger_current_index": 26575101,
          "levels": {"median_level": "281600", "minimum_level": "256", "open_ledger_level": "256", "reference_level": "256"},
          "max_queue_size": "480"
        }
        """#

    @Test func feeResponseKeepsStringsAndParsesThem() throws {
        let fee = try parse(Self.feeText).decode(as: FeeResponse.self)
        #expect(fee.currentLedgerSize == "14" && fee.currentLedgerSizeCount == 14)
        #expect(fee.currentQueueSizeCount == 0)
        #expect(fee.expectedLedgerSizeCount == 24)
        #expect(fee.maxQueueSizeCount == 480)
        #expect(fee.ledgerCurrentIndex == 26_575_101)
        #expect(fee.drops.baseFeeDrops == 10 && fee.drops.medianFeeDrops == 11000)
        #expect(fee.drops.minimumFeeDrops == 10 && fee.drops.openLedgerFeeDrops == 10)
        #expect(fee.levels.medianLevelValue == 281_600 && fee.levels.referenceLevelValue == 256)
        #expect(fee.levels.openLedgerLevelValue == 256 && fee.levels.minimumLevelValue == 256)
        // Re-encoded exactly as rippled sends it: strings stay strings.
        #expect(try JSONValue(encoding: fee) == (try parse(Self.feeText)))

        // Before the first close there is no max_queue_size; numbers sent as numbers are accepted.
        let lenient = try parse(
            #"""
            {"current_ledger_size":0,"current_queue_size":0,"expected_ledger_size":1000,"ledger_current_index":"3",
             "drops":{"base_fee":10,"median_fee":5000,"minimum_fee":10,"open_ledger_fee":10},
             "levels":{"median_level":128000,"minimum_level":256,"open_ledger_level":256,"reference_level":256}}
            """#
        ).decode(as: FeeResponse.self)
        #expect(lenient.maxQueueSize == nil && lenient.maxQueueSizeCount == nil)
        #expect(lenient.expectedLedgerSize == "1000" && lenient.ledgerCurrentIndex == 3)
        #expect(try JSONValue(encoding: lenient)["drops"]?["median_fee"] == "5000")
    }

    @Test func serverInfoDecodes() throws {
        let text = #"""
            {"info":{"build_version":"2.4.0","complete_ledgers":"1-12","hostid":"SIM","initial_sync_duration_us":"0",
              "io_latency_ms":1,"jq_trans_overflow":"0","last_close":{"converge_time_s":0.1,"proposers":0},
              "load_factor":1,"network_id":0,"peers":0,"ports":[{"port":"6006","protocol":["ws"]}],
              "pubkey_node":"n9KAa2zVWjPHgfzsE3iZ8HAbzJtPrnoh4H2M2HgE7dfqtvyEb1KJ","server_state":"full",
              "server_state_duration_us":"1000","time":"2026-Aug-21 10:00:00.000000 UTC","uptime":42,
              "validated_ledger":{"age":2,"base_fee_xrp":1e-05,"hash":"7C3EEDB3124D92E49E75D81A8826A2E65A75FD71FC3FD6F36FEB803C5F1E812D",
                "reserve_base_xrp":10,"reserve_inc_xrp":2,"seq":12},
              "validation_quorum":0,"load_factor_fee_escalation":2.5}}
            """#
        let info = try parse(text).decode(as: ServerInfoResponse.self).info
        #expect(info.buildVersion == "2.4.0" && info.completeLedgers == "1-12")
        #expect(info.serverState == "full" && info.uptime == 42 && info.peers == 0 && info.networkID == 0)
        #expect(info.loadFactor == 1 && info.loadFactorFeeEscalation == 2.5 && info.loadFactorFeeQueue == nil)
        #expect(info.lastClose?.convergeTimeS == 0.1 && info.lastClose?.proposers == 0)
        let v = try #require(info.validatedLedger)
        #expect(v.seq == 12 && v.age == 2 && v.baseFeeXRP == 0.00001 && v.baseFeeDrops == 10)
        #expect(v.reserveBaseXRP == 10 && v.reserveIncXRP == 2)
        #expect(info.closedLedger == nil)
        #expect(info.otherFields["ports"]?.arrayValue?.count == 1)
        #expect(info.otherFields["initial_sync_duration_us"] == "0")
        let encoded = try JSONValue(encoding: ServerInfoResponse(info: info))
        #expect(encoded == (try parse(text)))
    }

    @Test func serverStateDecodes() throws {
        let text = #"""
            {"state":{"build_version":"2.4.0","complete_ledgers":"1-12","io_latency_ms":1,
              "last_close":{"converge_time":100,"proposers":0},"load_base":256,"load_factor":640,
              "load_factor_fee_escalation":640,"load_factor_fee_queue":256,"load_factor_fee_reference":256,
              "load_factor_server":256,"network_id":0,"peers":0,"server_state":"full","uptime":42,
              "validated_ledger":{"base_fee":10,"close_time":809000000,"hash":"7C3EEDB3124D92E49E75D81A8826A2E65A75FD71FC3FD6F36FEB803C5F1E812D",
                "reserve_base":10000000,"reserve_inc":2000000,"seq":12},"validation_quorum":0}}
            """#
        let state = try parse(text).decode(as: ServerStateResponse.self).state
        #expect(state.loadBase == 256 && state.loadFactor == 640)
        #expect(state.loadFactorFeeEscalation == 640 && state.loadFactorFeeQueue == 256 && state.loadFactorFeeReference == 256)
        let v = try #require(state.validatedLedger)
        #expect(v.baseFee == 10 && v.closeTime == 809_000_000 && v.reserveBase == 10_000_000 && v.reserveInc == 2_000_000)
        #expect(v.seq == 12)
        #expect(state.currentRelayFeeDrops == 25)
        #expect(state.lastClose?.convergeTime == 100)
        #expect(try JSONValue(encoding: ServerStateResponse(state: state)) == (try parse(text)))
    }

    @Test func ledgerIndexMethods() throws {
        #expect(try parse(#"{"ledger_current_index":8}"#).decode(as: LedgerCurrentResponse.self).ledgerCurrentIndex == 8)
        let closed = try parse(#"{"ledger_hash":"7C3EEDB3124D92E49E75D81A8826A2E65A75FD71FC3FD6F36FEB803C5F1E812D","ledger_index":7}"#)
            .decode(as: LedgerClosedResponse.self)
        #expect(closed == LedgerClosedResponse(ledgerHash: Self.ledgerHash, ledgerIndex: 7))
        #expect(try JSONValue(encoding: LedgerAcceptResponse(ledgerCurrentIndex: 9)) == ["ledger_current_index": 9])
        #expect(try JSONValue(encoding: PingResponse()) == [:])
        #expect(try JSONValue(encoding: EmptyResponse()) == [:])
        #expect(try JSONValue.object([:]).decode(as: SubscribeResponse.self) == SubscribeResponse())
    }

    static let paymentTx: JSONValue = [
        "Account": "rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe", "DeliverMax": "1000000",
        "Destination": "rf1BiGeXwwQoi8Z2ueFYTEXSwuJYfV2Jpn", "Fee": "10", "Flags": 0, "LastLedgerSequence": 15,
        "Sequence": 6, "SigningPubKey": "ED5F5AC8B98974A3CA843326D9B88CEBD0560177B973EE0B149F782CFAA06DC66A",
        "TransactionType": "Payment", "TxnSignature": "ABCD", "date": 809000000,
    ]

    static let paymentMeta: JSONValue = [
        "AffectedNodes": [
            [
                "ModifiedNode": [
                    "FinalFields": [
                        "Account": "rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe", "Balance": "99998999990", "Flags": 0,
                        "OwnerCount": 0, "Sequence": 7,
                    ],
                    "LedgerEntryType": "AccountRoot",
                    "LedgerIndex": "4B7A8A0D8BF4CD9F5E9E5B6C6D5A3C8C37F8D4C1E0A2B3C4D5E6F708192A3B4C",
                    "PreviousFields": ["Balance": "100000000000", "Sequence": 6],
                    "PreviousTxnID": "4294BEBE5B569A18C0A2702387C9B1E7146DC3A5850C1E87204951C6FDAA4C42",
                    "PreviousTxnLgrSeq": 10,
                ]
            ],
            [
                "CreatedNode": [
                    "LedgerEntryType": "AccountRoot",
                    "LedgerIndex": "1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F809",
                    "NewFields": ["Account": "rf1BiGeXwwQoi8Z2ueFYTEXSwuJYfV2Jpn", "Balance": "1000000", "Sequence": 12],
                ]
            ],
        ],
        "TransactionIndex": 2, "TransactionResult": "tesSUCCESS", "delivered_amount": "1000000",
    ]

    @Test func txResponseV1AndV2DecodeAlike() throws {
        var v2: JSONValue = [
            "tx_json": Self.paymentTx, "hash": .string(Self.txHash), "meta": Self.paymentMeta, "validated": true,
            "ledger_index": 13, "ledger_hash": .string(Self.ledgerHash), "close_time_iso": "2025-08-20T16:53:20Z",
            "ctid": "C000000D00020000",
        ]
        var v1 = Self.paymentTx.objectValue!
        v1["Amount"] = "1000000"  // v1 shows both Amount and DeliverMax
        v1["hash"] = .string(Self.txHash)
        v1["inLedger"] = 13
        v1["ledger_index"] = 13
        v1["meta"] = Self.paymentMeta
        v1["validated"] = true
        v1["ctid"] = "C000000D00020000"

        let a = try v2.decode(as: TxResponse.self)
        let b = try JSONValue.object(v1).decode(as: TxResponse.self)
        #expect(a.hash == Self.txHash && b.hash == Self.txHash)
        #expect(a.txJSON == Self.paymentTx)
        #expect(b.txJSON?["Amount"] == "1000000" && b.txJSON?["hash"] == nil && b.txJSON?["inLedger"] == nil)
        #expect(b.txJSON?["date"] == 809_000_000 && b.txJSON?["Sequence"] == 6)
        #expect(a.ledgerIndex == 13 && b.ledgerIndex == 13)
        #expect(a.validated && b.validated)
        #expect(a.finalResult == "tesSUCCESS" && b.finalResult == "tesSUCCESS")
        #expect(a.closeTimeISO == "2025-08-20T16:53:20Z" && a.ctid == "C000000D00020000")
        #expect(try JSONValue(encoding: a) == v2)
        // The v1 encoding merges tx_json back to the top level.
        let v1Out = try JSONValue(encoding: b, apiVersion: XRPLAPIVersion.v1)
        #expect(v1Out == .object(v1))

        // Known but not yet in a closed ledger: success, no meta, not validated.
        v2 = ["tx_json": Self.paymentTx, "hash": .string(Self.txHash), "validated": false]
        let pending = try v2.decode(as: TxResponse.self)
        #expect(pending.meta == nil && !pending.validated && pending.finalResult == nil && pending.ledgerIndex == nil)
    }

    @Test func ledgerResponseShapes() throws {
        let v2 = try parse(
            #"""
            {"ledger":{"account_hash":"B258A8BB4743FB74CBBD6E9F67E4A56C4432EA09E5805E4CC2DA26F2DBE8F3D1","close_flags":0,
              "close_time":809000000,"close_time_human":"2025-Aug-20 16:53:20.000000000 UTC","close_time_iso":"2025-08-20T16:53:20Z",
              "close_time_resolution":10,"closed":true,"ledger_hash":"7C3EEDB3124D92E49E75D81A8826A2E65A75FD71FC3FD6F36FEB803C5F1E812D",
              "ledger_index":13,"parent_close_time":808999990,"parent_hash":"0E1A1AF1D9B0E1A4D2F5B5AB2A0D5E0F1E6A0A6C4D1C2F3F9E8C7B6A5D4C3B2A",
              "total_coins":"99999999999999960","transaction_hash":"1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F809",
              "transactions":[{"hash":"E08D6E9754025BA2534A78707605E0601F03ACE063687A0CA1BDDACFCD1698C7",
                 "tx_json":{"Account":"rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe","Fee":"10","Sequence":6,"TransactionType":"AccountSet"},
                 "meta":{"AffectedNodes":[],"TransactionIndex":0,"TransactionResult":"tesSUCCESS"},
                 "validated":true,"ledger_index":13,"close_time_iso":"2025-08-20T16:53:20Z","ledger_hash":"7C3EEDB3124D92E49E75D81A8826A2E65A75FD71FC3FD6F36FEB803C5F1E812D"}]},
             "ledger_hash":"7C3EEDB3124D92E49E75D81A8826A2E65A75FD71FC3FD6F36FEB803C5F1E812D","ledger_index":13,"validated":true}
            """#)
        let r = try v2.decode(as: LedgerResponse.self)
        #expect(r.ledgerIndex == 13 && r.validated == true && r.ledger.closed)
        #expect(r.ledger.ledgerIndex == 13 && r.ledger.totalCoins == "99999999999999960")
        #expect(r.ledger.closeTime == 809_000_000 && r.ledger.closeTimeResolution == 10)
        #expect(r.ledger.transactionHashes == [Self.txHash])
        guard case .expanded(let entry)? = r.ledger.transactions?.first else {
            Issue.record("expected an expanded transaction")
            return
        }
        #expect(entry.txJSON?["TransactionType"] == "AccountSet")
        #expect(entry.metadata?.transactionResult == "tesSUCCESS" && entry.metadata?.transactionIndex == 0)
        #expect(try JSONValue(encoding: r) == v2)

        // v1: ledger_index is a string and expanded transactions are merged with metaData.
        let v1 = try parse(
            #"""
            {"ledger":{"closed":true,"ledger_index":"13","ledger_hash":"7C3EEDB3124D92E49E75D81A8826A2E65A75FD71FC3FD6F36FEB803C5F1E812D",
              "transactions":[{"Account":"rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe","Fee":"10","Sequence":6,"TransactionType":"AccountSet",
                 "hash":"E08D6E9754025BA2534A78707605E0601F03ACE063687A0CA1BDDACFCD1698C7",
                 "metaData":{"AffectedNodes":[],"TransactionIndex":0,"TransactionResult":"tesSUCCESS"}}]},
             "ledger_hash":"7C3EEDB3124D92E49E75D81A8826A2E65A75FD71FC3FD6F36FEB803C5F1E812D","ledger_index":13,"validated":true}
            """#)
        let r1 = try v1.decode(as: LedgerResponse.self)
        #expect(r1.ledger.ledgerIndex == 13)
        guard case .expanded(let e1)? = r1.ledger.transactions?.first else {
            Issue.record("expected an expanded transaction")
            return
        }
        #expect(e1.hash == Self.txHash && e1.txJSON == entry.txJSON && e1.meta == entry.meta)
        #expect(try JSONValue(encoding: r1, apiVersion: XRPLAPIVersion.v1) == v1)

        // Hashes only, and the open ledger.
        let open = try parse(
            #"{"ledger":{"closed":false,"ledger_index":14,"parent_hash":"7C3EEDB3124D92E49E75D81A8826A2E65A75FD71FC3FD6F36FEB803C5F1E812D","total_coins":"99999999999999960","transactions":["E08D6E9754025BA2534A78707605E0601F03ACE063687A0CA1BDDACFCD1698C7"]},"ledger_current_index":14,"validated":false}"#
        ).decode(as: LedgerResponse.self)
        #expect(!open.ledger.closed && open.ledgerCurrentIndex == 14 && open.ledger.transactions == [.hash(Self.txHash)])
    }

    @Test func accountTxV1AndV2() throws {
        let v2: JSONValue = [
            "account": .string(Self.alice), "ledger_index_min": 1, "ledger_index_max": 13, "limit": 10,
            "marker": ["ledger": 9, "seq": 0], "validated": true,
            "transactions": [
                [
                    "tx_json": Self.paymentTx, "meta": Self.paymentMeta, "hash": .string(Self.txHash),
                    "ledger_index": 13, "ledger_hash": .string(Self.ledgerHash),
                    "close_time_iso": "2025-08-20T16:53:20Z", "validated": true,
                ]
            ],
        ]
        let a = try v2.decode(as: AccountTxResponse.self)
        #expect(a.account == Self.alice && a.ledgerIndexMin == 1 && a.ledgerIndexMax == 13 && a.limit == 10)
        #expect(a.marker == ["ledger": 9, "seq": 0])
        let t = try #require(a.transactions.first)
        #expect(t.hash == Self.txHash && t.ledgerIndex == 13 && t.validated == true)
        #expect(t.metadata?.sequenceAfter(account: Self.alice) == 7)
        #expect(try JSONValue(encoding: a) == v2)

        var v1tx = Self.paymentTx.objectValue!
        v1tx["hash"] = .string(Self.txHash)
        v1tx["ledger_index"] = 13
        v1tx["inLedger"] = 13
        let v1: JSONValue = [
            "account": .string(Self.alice), "ledger_index_min": 1, "ledger_index_max": 13, "validated": true,
            "transactions": [["tx": .object(v1tx), "meta": Self.paymentMeta, "validated": true]],
        ]
        let b = try v1.decode(as: AccountTxResponse.self)
        let u = try #require(b.transactions.first)
        #expect(u.hash == Self.txHash && u.ledgerIndex == 13)
        #expect(u.txJSON?["hash"] == nil && u.txJSON?["Sequence"] == 6)
        #expect(try JSONValue(encoding: b, apiVersion: XRPLAPIVersion.v1) == v1)
    }

    // MARK: - Streams

    @Test func ledgerClosedMessage() throws {
        let text = #"""
            {"type":"ledgerClosed","fee_base":10,"ledger_hash":"7C3EEDB3124D92E49E75D81A8826A2E65A75FD71FC3FD6F36FEB803C5F1E812D",
             "ledger_index":13,"ledger_time":809000000,"network_id":0,"reserve_base":10000000,"reserve_inc":2000000,
             "txn_count":3,"validated_ledgers":"1-13"}
            """#
        let msg = try StreamMessage(json: parse(text))
        guard case .ledgerClosed(let m) = msg else {
            Issue.record("expected ledgerClosed")
            return
        }
        #expect(m.ledgerIndex == 13 && m.ledgerTime == 809_000_000 && m.txnCount == 3)
        #expect(m.feeBase == 10 && m.feeRef == nil && m.reserveBase == 10_000_000 && m.reserveInc == 2_000_000)
        #expect(m.validatedLedgers == "1-13" && m.networkID == 0)
        #expect(try msg.json() == (try parse(text)))
        #expect(try JSONDecoder().decode(StreamMessage.self, from: Data(text.utf8)) == msg)
    }

    @Test func transactionStreamV1AndV2DecodeAlike() throws {
        let common: [String: JSONValue] = [
            "type": "transaction", "engine_result": "tesSUCCESS", "engine_result_code": 0,
            "engine_result_message": "The transaction was applied. Only final in a validated ledger.",
            "ledger_hash": .string(Self.ledgerHash), "ledger_index": 13, "meta": Self.paymentMeta,
            "status": "closed", "validated": true,
        ]
        var v2 = common
        v2["tx_json"] = Self.paymentTx
        v2["hash"] = .string(Self.txHash)
        v2["close_time_iso"] = "2025-08-20T16:53:20Z"
        var v1 = common
        v1["transaction"] = TransactionShape.attachHash(Self.paymentTx, hash: Self.txHash)

        guard case .transaction(let a) = try StreamMessage(json: .object(v2)),
            case .transaction(let b) = try StreamMessage(json: .object(v1))
        else {
            Issue.record("expected transaction messages")
            return
        }
        #expect(a.hash == Self.txHash && b.hash == Self.txHash)
        #expect(a.txJSON == Self.paymentTx && b.txJSON == Self.paymentTx)
        #expect(a.account == Self.alice && a.sequence == 6)
        #expect(a.engineResult == "tesSUCCESS" && a.validated && a.status == "closed" && a.ledgerIndex == 13)
        #expect(a.closeTimeISO == "2025-08-20T16:53:20Z" && b.closeTimeISO == nil)
        #expect(a.metadata?.transactionResult == "tesSUCCESS")
        var aWithoutTime = a
        aWithoutTime.closeTimeISO = nil
        #expect(aWithoutTime == b)
        #expect(try JSONValue(encoding: a) == .object(v2))
        #expect(try JSONValue(encoding: b, apiVersion: XRPLAPIVersion.v1) == .object(v1))

        // A proposed (open-ledger) message: no meta, no ledger_index, ledger_current_index instead.
        let proposed: JSONValue = [
            "type": "transaction", "engine_result": "tesSUCCESS", "engine_result_code": 0,
            "engine_result_message": "The transaction was applied. Only final in a validated ledger.",
            "ledger_current_index": 14, "status": "proposed", "validated": false, "tx_json": Self.paymentTx,
            "hash": .string(Self.txHash),
        ]
        let p = try proposed.decode(as: TransactionStreamMessage.self)
        #expect(!p.validated && p.meta == nil && p.ledgerIndex == nil && p.ledgerCurrentIndex == 14)
        #expect(try JSONValue(encoding: p) == proposed)
    }

    @Test func webSocketFramesAreClassified() throws {
        let response = try WebSocketFrame(json: ["id": 4, "status": "success", "type": "response", "result": [:]])
        guard case .response(let r) = response else {
            Issue.record("expected a response")
            return
        }
        #expect(r.id == 4 && r.outcome.success == [:])
        let status = try WebSocketFrame(json: ["type": "serverStatus", "load_base": 256, "load_factor": 256])
        guard case .stream(.other(let type, let json)) = status else {
            Issue.record("expected an other stream message")
            return
        }
        #expect(type == "serverStatus" && json["load_factor"] == 256)
        // Straight from a text frame.
        let frame = try JSONDecoder().decode(
            WebSocketFrame.self, from: Data(#"{"type":"ledgerClosed","ledger_index":5,"ledger_hash":"AB","ledger_time":1,"fee_base":10,"reserve_base":1,"reserve_inc":1,"txn_count":0}"#.utf8))
        guard case .stream(.ledgerClosed(let closed)) = frame else {
            Issue.record("expected ledgerClosed")
            return
        }
        #expect(closed.ledgerIndex == 5)
        #expect(throws: XRPLError.self) { try StreamMessage(json: ["ledger_index": 3]) }
    }

    // MARK: - Metadata

    @Test func sequenceFromMetadata() {
        let meta = TransactionMetadata(Self.paymentMeta)
        #expect(meta.transactionResult == "tesSUCCESS")
        #expect(meta.transactionIndex == 2)
        #expect(meta.deliveredAmount == "1000000")
        #expect(meta.affectedNodes.map(\.kind) == [.modified, .created])
        // The sender: ModifiedNode FinalFields.Sequence; PreviousFields has the old value.
        #expect(meta.sequenceAfter(account: Self.alice) == 7)
        #expect(meta.sequenceBefore(account: Self.alice) == 6)
        // A newly funded account: CreatedNode NewFields.Sequence.
        #expect(meta.sequenceAfter(account: Self.bob) == 12)
        #expect(meta.sequenceAfter(account: Self.genesis) == nil)

        // A deleted AccountRoot has no next Sequence; other entry types are ignored.
        let deleted = TransactionMetadata([
            "AffectedNodes": [
                [
                    "DeletedNode": [
                        "FinalFields": ["Account": .string(Self.alice), "Balance": "0", "Sequence": 30],
                        "LedgerEntryType": "AccountRoot",
                    ]
                ],
                [
                    "ModifiedNode": [
                        "FinalFields": ["Account": .string(Self.alice), "Sequence": 99],
                        "LedgerEntryType": "Ticket",
                    ]
                ],
            ],
            "TransactionIndex": 0, "TransactionResult": "tesSUCCESS",
        ])
        #expect(deleted.sequenceAfter(account: Self.alice) == nil)
        #expect(deleted.deliveredAmount == nil)
        // Malformed nodes are skipped rather than trusted.
        #expect(TransactionMetadata(["AffectedNodes": ["x", ["Weird": [:]]]]).affectedNodes.isEmpty)
    }

    @Test func resultDecodeHelper() throws {
        let ok: Result<JSONValue, RPCError> = .success(["ledger_current_index": 5])
        #expect(try ok.decode(as: LedgerCurrentResponse.self).ledgerCurrentIndex == 5)
        let bad: Result<JSONValue, RPCError> = .failure(RPCError(.noCurrent))
        #expect(throws: RPCError.self) { try bad.decode(as: LedgerCurrentResponse.self) }
    }
}

extension Result {
    fileprivate var success: Success? {
        if case .success(let s) = self { return s }
        return nil
    }
    fileprivate var failure: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}
