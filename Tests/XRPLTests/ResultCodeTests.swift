import Testing
@testable import XRPL

/// The result catalogue is what the engine and console decide with, so its numbers are pinned to the
/// published definitions and its sequence semantics to XRPL-PROTOCOL.md §2 and §7.
@Suite struct ResultCodeTests {
    @Test func numbersMatchPublishedDefinitions() throws {
        let results = try Fixtures.load("definitions.json")["TRANSACTION_RESULTS"]
        let table = try #require(results?.objectValue, "definitions.json has no TRANSACTION_RESULTS object")
        #expect(table.count == ResultCode.catalogue.count)
        for (token, value) in table {
            let code = try #require(ResultCode.named(token), "catalogue lacks \(token)")
            #expect(value.intValue == code.number, "\(token)")
            #expect(ResultCode.numbered(code.number) == code)
        }
    }

    @Test func classesFollowTokenAndRange() {
        for code in ResultCode.catalogue {
            #expect(code.resultClass.range.contains(code.number), "\(code.token) \(code.number)")
            #expect(code.token.hasPrefix(code.resultClass.rawValue))
            #expect(!code.message.isEmpty)
        }
    }

    @Test func onlyAppliedClassesConsumeTheSequence() {
        for code in ResultCode.catalogue {
            #expect(code.consumesSequence == (code.resultClass == .tes || code.resultClass == .tec), "\(code.token)")
        }
        #expect(!ResultCode.telINSUF_FEE_P.consumesSequence)
        #expect(!ResultCode.terPRE_SEQ.consumesSequence)
        #expect(ResultCode.tecUNFUNDED_PAYMENT.consumesSequence)
    }

    /// The table of XRPL-PROTOCOL.md §2.2, row by row: number, message, finality, action.
    @Test func sectionTwoTable() throws {
        let rows: [(String, Int, String, ResultFinality, ClientAction)] = [
            ("tesSUCCESS", 0, "The transaction was applied. Only final in a validated ledger.", .whenValidated, .advance),
            ("terQUEUED", -89, "Held until escalated fee drops.", .notFinal, .waitInQueue),
            ("terPRE_SEQ", -92, "Missing/inapplicable prior transaction.", .notFinal, .fillGap),
            ("tefPAST_SEQ", -190, "This sequence number has already passed.", .whenSequenceValidated, .lookUpAndResync),
            ("tefMAX_LEDGER", -187, "Ledger sequence too high.", .whenLastLedgerPassed, .resignWithNewLastLedger),
            ("tefALREADY", -198, "The exact transaction was already in this ledger.", .notFinal, .trackOriginal),
            ("tefBAD_AUTH", -196, "Transaction's public key is not authorized.", .notFinal, .fixAndResign),
            ("telINSUF_FEE_P", -394, "Fee insufficient.", .notFinal, .raiseFeeOrBackOff),
            ("telCAN_NOT_QUEUE_FULL", -387, "Can not queue at this time: queue is full.", .notFinal, .raiseFeeOrBackOff),
            ("telCAN_NOT_QUEUE_FEE", -388, "Can not queue at this time: fee insufficient to replace queued transaction.", .notFinal, .raiseFeeOrBackOff),
            ("telWRONG_NETWORK", -386, "Transaction specifies a Network ID that differs from that of the local node.", .notFinal, .fixAndResign),
            ("terINSUF_FEE_B", -97, "Account balance can't pay fee.", .notFinal, .waitForServer),
            ("terNO_ACCOUNT", -96, "The source account does not exist.", .notFinal, .waitForServer),
            ("temBAD_SEQUENCE", -283, "Malformed: Sequence is not in the past.", .final, .fixAndResign),
            ("tecNO_DST_INSUF_XRP", 125, "Destination does not exist. Too little XRP sent to create it.", .whenValidated, .advance),
            ("tecPATH_DRY", 128, "Path could not send partial amount.", .whenValidated, .advance),
            ("tecNO_PERMISSION", 139, "No permission to perform requested operation.", .whenValidated, .advance),
            ("tecKILLED", 150, "No funds transferred and no offer created.", .whenValidated, .advance),
        ]
        for (token, number, message, finality, action) in rows {
            let code = try #require(ResultCode.named(token))
            #expect(code.number == number, "\(token)")
            #expect(code.message == message, "\(token)")
            #expect(code.finality == finality, "\(token)")
            #expect(code.clientAction == action, "\(token)")
        }
    }

    @Test func heldSetIsTheRetryClassWithoutTheQueue() {
        #expect(ResultCode.terPRE_SEQ.isHeldByServer)
        #expect(ResultCode.terINSUF_FEE_B.isHeldByServer)
        #expect(!ResultCode.terQUEUED.isHeldByServer)
        #expect(!ResultCode.telINSUF_FEE_P.isHeldByServer)
        #expect(!ResultCode.tefPAST_SEQ.isHeldByServer)
        #expect(ResultCode.catalogue.filter(\.isHeldByServer).allSatisfy { $0.resultClass == .ter })
    }

    @Test func unknownTokensAreOneLineErrors() {
        #expect(ResultCode.named("terNOPE") == nil)
        #expect(ResultCode.numbered(12345) == nil)
        do {
            _ = try ResultCode.require("terNOPE")
            Issue.record("unknown token accepted")
        } catch {
            #expect(!"\(error)".contains("\n"))
            #expect("\(error)".contains("terNOPE"))
        }
    }
}
