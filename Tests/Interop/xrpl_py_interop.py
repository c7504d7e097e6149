"""Interop: xrpl-py, unchanged, against `seqwatch sim` over JSON-RPC and WebSocket.

Run by .ci/run (which starts the simulator on a free loopback port and passes it in):
    python xrpl_py_interop.py PORT
Exits non-zero with one line per failed check. Nothing here is specific to the simulator:
the same script would pass against a standalone rippled with ledgers closing on their own.
"""

import asyncio
import json
import re
import sys
import time

import websockets

from xrpl.account import get_balance, get_next_valid_seq_number
from xrpl.clients import JsonRpcClient, WebsocketClient
from xrpl.constants import CryptoAlgorithm
from xrpl.ledger import get_fee, get_latest_validated_ledger_sequence
from xrpl.models.amounts import IssuedCurrencyAmount
from xrpl.models.currencies import XRP, IssuedCurrency
from xrpl.models.requests import (
    AccountCurrencies, AccountInfo, AccountLines, AccountObjects, AccountObjectType, AccountOffers, AccountTx, BookOffers,
    DepositAuthorized, Fee, GatewayBalances, GenericRequest, Ledger, LedgerData, LedgerEntry, NoRippleCheck,
    NoRippleCheckRole, Ping, Random, ServerDefinitions, ServerInfo, ServerState, Sign, Subscribe, StreamParameter, Tx,
)
from xrpl.models.response import ResponseStatus
from xrpl.models.transactions import AccountSet, AccountSetAsfFlag, CheckCreate, OfferCreate, Payment, TrustSet, TrustSetFlag
from xrpl.transaction import XRPLReliableSubmissionException, autofill_and_sign, simulate, submit, submit_and_wait
from xrpl.wallet import Wallet

GENESIS_SEED = "snoPBrXtMeMyMHUVTgbuqAfg1SUTb"
failures = []


def check(condition, what):
    status = "ok  " if condition else "FAIL"
    print(f"{status} {what}", flush=True)
    if not condition:
        failures.append(what)


def main(port):
    rpc = JsonRpcClient(f"http://127.0.0.1:{port}")
    genesis = Wallet.from_seed(GENESIS_SEED, algorithm=CryptoAlgorithm.SECP256K1)
    check(genesis.address == "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", "genesis wallet derives the standalone genesis address")

    # Fund two Ed25519 wallets from genesis with submit_and_wait (autofill + wait for validation).
    wallets = [Wallet.create(CryptoAlgorithm.ED25519) for _ in range(2)]
    for w in wallets:
        result = submit_and_wait(Payment(account=genesis.address, destination=w.address, amount="50000000"), rpc, genesis)
        check(result.is_successful(), f"submit_and_wait funds {w.address}")
        check(result.result.get("validated") is True, "the funding payment is validated")
        check(result.result["meta"]["TransactionResult"] == "tesSUCCESS", "its meta says tesSUCCESS")
        check(get_balance(w.address, rpc) == 50_000_000, "get_balance reads the funded amount")

    # An autofilled payment from a new account: Sequence, Fee and LastLedgerSequence filled by xrpl-py.
    a, b = wallets
    seq = get_next_valid_seq_number(a.address, rpc)
    check(seq == int(rpc.request(AccountInfo(account=a.address, ledger_index="current")).result["account_data"]["Sequence"]),
          "get_next_valid_seq_number matches account_info")
    signed = autofill_and_sign(Payment(account=a.address, destination=b.address, amount="1000000"), rpc, a)
    check(signed.sequence == seq, "autofill used the next valid sequence")
    check(signed.last_ledger_sequence is not None and signed.last_ledger_sequence > get_latest_validated_ledger_sequence(rpc),
          "autofill set LastLedgerSequence above the validated index")
    resp = submit(signed, rpc)
    check(resp.result.get("engine_result") == "tesSUCCESS", "submit of the autofilled payment: tesSUCCESS")
    check(resp.result.get("account_sequence_next") == seq + 1, "submit reports account_sequence_next")
    done = submit_and_wait(AccountSet(account=a.address), rpc, a)
    check(done.is_successful(), "a second autofilled transaction from the same account validates")
    check(get_next_valid_seq_number(a.address, rpc) == seq + 2, "the sequence advanced by two")
    tx = rpc.request(Tx(transaction=signed.get_hash()))
    check(tx.is_successful() and tx.result.get("validated") is True, "tx finds the payment, validated")

    fee = get_fee(rpc)
    check(int(fee) >= 10, f"get_fee returns drops ({fee})")
    fee_resp = rpc.request(Fee())
    check("expected_ledger_size" in fee_resp.result and "drops" in fee_resp.result, "fee has expected_ledger_size and drops")
    info = rpc.request(ServerInfo())
    check(info.result["info"]["server_state"] == "full", "server_info says full")

    # Bad requests get rippled-shaped errors.
    unknown = Wallet.create(CryptoAlgorithm.ED25519)
    err = rpc.request(AccountInfo(account=unknown.address))
    check(err.status == ResponseStatus.ERROR and err.result.get("error") == "actNotFound", "account_info on an unfunded account: actNotFound")
    check(err.result.get("error_code") == 19, "actNotFound carries error_code 19")
    err = rpc.request(Tx(transaction="0" * 64))
    check(err.result.get("error") == "txnNotFound", "tx on an unknown hash: txnNotFound")

    methods_checks(rpc, a, b)
    fidelity_checks(port, rpc, a, b)
    client_suite_checks(rpc, genesis, a, b)

    # WebSocket: the same requests, plus the ledger stream.
    with WebsocketClient(f"ws://127.0.0.1:{port}") as ws:
        ws_info = ws.request(AccountInfo(account=a.address, ledger_index="validated"))
        check(ws_info.is_successful() and ws_info.result["account_data"]["Account"] == a.address, "account_info over WebSocket")
        sub = ws.request(Subscribe(streams=[StreamParameter.LEDGER]))
        check(sub.is_successful() and "ledger_index" in sub.result, "subscribe ledger returns the current ledger info")
        deadline = time.time() + 10
        closed = None
        for message in ws:
            if message.get("type") == "ledgerClosed":
                closed = message
                break
            if time.time() > deadline:
                break
        check(closed is not None and closed.get("ledger_index", 0) > sub.result["ledger_index"], "a ledgerClosed stream message arrives")
        result = submit_and_wait(AccountSet(account=b.address), ws, b)
        check(result.is_successful(), "submit_and_wait over WebSocket")
        bad = ws.request(Ledger(ledger_index=10_000_000))
        check(bad.status == ResponseStatus.ERROR and bad.result.get("error") == "lgrNotFound", "ledger far ahead: lgrNotFound over WebSocket")

    if failures:
        print(f"{len(failures)} interop check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("all interop checks passed")


def methods_checks(rpc, gateway, holder):
    """The state queries client suites use (issue 11 §1), through xrpl-py's own request models:
    a USD line, an issued balance and an offer, then every method that reads them."""
    usd = IssuedCurrency(currency="USD", issuer=gateway.address)
    ok = submit_and_wait(TrustSet(account=holder.address, limit_amount=IssuedCurrencyAmount(
        currency="USD", issuer=gateway.address, value="1000")), rpc, holder)
    check(ok.is_successful(), "TrustSet for the method checks validates")
    ok = submit_and_wait(Payment(account=gateway.address, destination=holder.address, amount=IssuedCurrencyAmount(
        currency="USD", issuer=gateway.address, value="40")), rpc, gateway)
    check(ok.is_successful(), "issuing 40 USD validates")
    ok = submit_and_wait(OfferCreate(account=holder.address, taker_gets=IssuedCurrencyAmount(
        currency="USD", issuer=gateway.address, value="10"), taker_pays="20000000"), rpc, holder)
    check(ok.is_successful(), "an OfferCreate validates")

    lines = rpc.request(AccountLines(account=holder.address))
    check(lines.is_successful() and lines.result["lines"][0]["balance"] == "40", "account_lines shows the 40 USD")
    objs = rpc.request(AccountObjects(account=holder.address, type=AccountObjectType.OFFER))
    check(objs.is_successful() and [o["LedgerEntryType"] for o in objs.result["account_objects"]] == ["Offer"],
          "account_objects type offer lists the offer")
    offers = rpc.request(AccountOffers(account=holder.address))
    check(offers.is_successful() and offers.result["offers"][0]["quality"] == "2000000", "account_offers with its quality")
    cur = rpc.request(AccountCurrencies(account=holder.address))
    check(cur.is_successful() and cur.result["send_currencies"] == ["USD"], "account_currencies")
    gb = rpc.request(GatewayBalances(account=gateway.address))
    check(gb.is_successful() and gb.result.get("obligations") == {"USD": "40"}, "gateway_balances obligations")
    nr = rpc.request(NoRippleCheck(account=gateway.address, role=NoRippleCheckRole.GATEWAY, transactions=True))
    check(nr.is_successful() and nr.result["transactions"][0]["TransactionType"] == "AccountSet", "noripple_check suggests DefaultRipple")
    book = rpc.request(BookOffers(taker_gets=usd, taker_pays=XRP()))
    check(book.is_successful() and book.result["offers"][0]["owner_funds"] == "40", "book_offers with owner_funds")
    entry = rpc.request(LedgerEntry(account_root=holder.address))
    check(entry.is_successful() and entry.result["node"]["Account"] == holder.address, "ledger_entry account_root")
    data = rpc.request(LedgerData(limit=5))
    check(data.is_successful() and len(data.result["state"]) == 5 and "marker" in data.result, "ledger_data pages")
    more = rpc.request(LedgerData(limit=5, marker=data.result["marker"]))
    check(more.is_successful() and more.result["state"][0]["index"] != data.result["state"][0]["index"], "ledger_data resumes at its marker")
    dep = rpc.request(DepositAuthorized(source_account=holder.address, destination_account=gateway.address))
    check(dep.is_successful() and dep.result["deposit_authorized"] is True, "deposit_authorized")
    defs = rpc.request(ServerDefinitions())
    check(defs.is_successful() and "FIELDS" in defs.result and "hash" in defs.result, "server_definitions")
    sim = simulate(Payment(account=holder.address, destination=gateway.address, amount="1000"), rpc)
    check(sim.is_successful() and sim.result["applied"] is False and sim.result["engine_result"] == "tesSUCCESS"
          and "meta" in sim.result, "simulate: tesSUCCESS, applied false, meta")
    ping = rpc.request(Ping())
    check(ping.is_successful() and ping.result.get("role") == "admin", "ping on an admin connection says admin")
    bad = rpc.request(LedgerEntry(index="0" * 64))
    check(bad.result.get("error") == "entryNotFound", "ledger_entry on a missing index: entryNotFound")


def fidelity_checks(port, rpc, gateway, holder):
    """Issue 11 §1's remaining rules, as xrpl-py and xrpl.js integration tests meet them:
    unmodelled types answer with an engine result, AccountSet fields are stored, TrustSet
    freezes show, the proposed and server streams publish, and the close code is echoed."""
    signed = autofill_and_sign(CheckCreate(account=holder.address, destination=gateway.address, send_max="1000000"), rpc, holder)
    res = submit(signed, rpc)
    check(res.is_successful() and res.result.get("engine_result") == "temDISABLED",
          f"an unmodelled type (CheckCreate) answers temDISABLED, not an RPC error ({res.result.get('engine_result') or res.result.get('error')})")
    # xrpl-py's own test_account_set "all fields minus set flag".
    ok = submit_and_wait(AccountSet(
        account=holder.address, clear_flag=AccountSetAsfFlag.ASF_DISABLE_MASTER, domain="6578616d706c652e636f6d",
        email_hash="10000000002000000000300000000012",
        message_key="03AB40A0490F9B7ED8DF29D246BF2D6269820A0EE7742ACDD457BEA7C7D0931EDB", transfer_rate=0, tick_size=10), rpc, holder)
    check(ok.is_successful(), "AccountSet with Domain, EmailHash, MessageKey, TickSize validates")
    data = rpc.request(AccountInfo(account=holder.address)).result["account_data"]
    check(data.get("Domain") == "6578616D706C652E636F6D" and data.get("TickSize") == 10, "account_info shows the stored Domain and TickSize")
    ok = submit_and_wait(AccountSet(account=holder.address, set_flag=AccountSetAsfFlag.ASF_ACCOUNT_TXN_ID), rpc, holder)
    check(ok.is_successful() and "AccountTxnID" in rpc.request(AccountInfo(account=holder.address)).result["account_data"],
          "asfAccountTxnID creates AccountTxnID")
    ok = submit_and_wait(TrustSet(account=gateway.address, flags=TrustSetFlag.TF_SET_FREEZE,
                                  limit_amount=IssuedCurrencyAmount(currency="USD", issuer=holder.address, value="0")), rpc, gateway)
    line = rpc.request(AccountLines(account=holder.address)).result["lines"][0]
    check(ok.is_successful() and line.get("freeze_peer") is True, "tfSetFreeze shows as freeze_peer in account_lines")

    with WebsocketClient(f"ws://127.0.0.1:{port}") as ws:
        sub = ws.request(Subscribe(streams=[StreamParameter.TRANSACTIONS_PROPOSED, StreamParameter.SERVER]))
        check(sub.is_successful() and sub.result.get("load_base") == 256 and "load_factor" in sub.result
              and "server_status" in sub.result, "subscribe server returns load_base, load_factor, server_status")
        sent = submit(autofill_and_sign(Payment(account=holder.address, destination=gateway.address, amount="1000"), rpc, holder), rpc)
        proposed = None
        deadline = time.time() + 10
        for message in ws:
            if message.get("type") == "transaction" and message.get("validated") is False:
                proposed = message
                break
            if time.time() > deadline:
                break
        check(proposed is not None and proposed.get("engine_result") == "tesSUCCESS"
              and proposed.get("transaction", proposed.get("tx_json", {})).get("Account") == holder.address
              and "ledger_current_index" in proposed and sent.is_successful(), "transactions_proposed publishes the open-ledger apply")

    # xrpl.js closes with 4000 and reconnects unless the server echoes it, as rippled does.
    async def close_with_4000():
        async with websockets.connect(f"ws://127.0.0.1:{port}") as raw:
            await raw.send(json.dumps({"id": 1, "command": "ping"}))
            await raw.recv()
            await raw.close(code=4000)
            received = raw.protocol.close_rcvd
            return received.code if received else None
    code = asyncio.run(close_with_4000())
    check(code == 4000, f"a WebSocket closed with 4000 gets 4000 back ({code})")


def final_result(tx, rpc, wallet):
    """The validated result of one transaction, tec included (submit_and_wait raises on a tec)."""
    try:
        return submit_and_wait(tx, rpc, wallet).result["meta"]["TransactionResult"]
    except XRPLReliableSubmissionException as e:
        return str(e).rsplit(" ", 1)[-1]


def client_suite_checks(rpc, genesis, gateway, holder):
    """The rest of issue 11 §1, on the requests xrpl-py's own integration tests make
    (tests/integration/reqs and transactions at 5.x): the API v1 and helper methods, the
    account_info / account_tx / tx / server_info / server_state shapes, every AccountSet flag,
    TrustSet NoRipple and deep freeze, fields of disabled amendments, and offers that cross."""
    def fund(drops="100000000"):
        w = Wallet.create(CryptoAlgorithm.ED25519)
        done = submit_and_wait(Payment(account=genesis.address, destination=w.address, amount=drops), rpc, genesis)
        check(done.is_successful(), f"funding {w.address}")
        return w

    # reqs/test_generic_request.py, test_random-like helpers, version, sign.
    hist = rpc.request(GenericRequest(method="tx_history", start=0, api_version=1))
    check(hist.is_successful() and isinstance(hist.result.get("txs"), list) and len(hist.result["txs"]) > 0,
          "tx_history (API v1) lists recent transactions")
    rnd = rpc.request(Random())
    check(rnd.is_successful() and len(rnd.result.get("random", "")) == 64, "random returns 256 bits of hex")
    ver = rpc.request(GenericRequest(method="version"))
    check(ver.is_successful() and "first" in ver.result.get("version", {}), "version lists the API versions")
    signed = rpc.request(Sign(transaction=Payment(account=holder.address, destination=gateway.address, amount="1000"),
                              secret=holder.seed))
    check(signed.is_successful() and "tx_blob" in signed.result and signed.result["tx_json"].get("TxnSignature"),
          "sign with the account's secret returns tx_blob and a signed tx_json")
    wrong = rpc.request(Sign(transaction=Payment(account=holder.address, destination=gateway.address, amount="1000"),
                             secret=gateway.seed))
    check(wrong.result.get("error") == "badSecret" and gateway.seed not in json.dumps(wrong.result),
          "sign with another account's secret: badSecret, and the secret is not echoed")

    # reqs/test_account_info.py and test_account_tx.py (v1 and v2), test_tx.py.
    v2 = rpc.request(AccountInfo(account=holder.address, signer_lists=True))
    check(v2.is_successful() and v2.result.get("signer_lists") == [], "account_info signer_lists: [] beside account_data (API v2)")
    v1 = rpc.request(AccountInfo(account=holder.address, signer_lists=True, api_version=1))
    check(v1.is_successful() and v1.result["account_data"].get("signer_lists") == [], "account_info signer_lists: [] inside account_data (API v1)")
    txs2 = rpc.request(AccountTx(account=holder.address, api_version=2)).result["transactions"]
    check("tx_json" in txs2[0] and "tx" not in txs2[0] and isinstance(txs2[0]["tx_json"].get("ledger_index"), int)
          and "hash" in txs2[0], "account_tx API v2: tx_json with ledger_index, hash beside it, no tx")
    txs1 = rpc.request(AccountTx(account=holder.address, api_version=1)).result["transactions"]
    check("tx" in txs1[0] and "tx_json" not in txs1[0], "account_tx API v1: tx, no tx_json")
    tx = rpc.request(Tx(transaction=txs2[0]["hash"]))
    check(tx.is_successful() and tx.result.get("validated") is True and str(tx.result.get("ctid", "")).startswith("C"),
          f"tx of a validated transaction carries its ctid ({tx.result.get('ctid')})")

    # reqs/test_server_info.py, and the fields clients read.
    info = rpc.request(ServerInfo()).result["info"]
    check(re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?", info.get("build_version", "")) is not None,
          f"server_info build_version is a rippled version ({info.get('build_version')})")
    check(info.get("last_close", {}).get("converge_time_s") == 0.1 and isinstance(info.get("validator_list"), dict) and all(
        k in info for k in ("peer_disconnects", "peer_disconnects_resources", "pubkey_validator")),
          "server_info has converge_time_s 0.1, validator_list and the peer and validator fields")
    state = rpc.request(ServerState()).result["state"]
    check(state.get("last_close", {}).get("converge_time") == 100 and "hostid" not in state and "validator_list_expires" in state
          and isinstance(state.get("load_base"), int), "server_state: converge_time in ms, load_base, validator_list_expires, no hostid")

    # transactions/test_account_set.py: the required-fields case, then every flag rippled defines.
    ok = submit_and_wait(AccountSet(account=gateway.address, set_flag=AccountSetAsfFlag.ASF_DEFAULT_RIPPLE), rpc, gateway)
    check(ok.is_successful() and ok.result["meta"]["TransactionResult"] == "tesSUCCESS", "AccountSet SetFlag 8 (DefaultRipple)")
    fresh = fund()
    for flag in (AccountSetAsfFlag.ASF_ALLOW_TRUSTLINE_CLAWBACK, AccountSetAsfFlag.ASF_DISABLE_INCOMING_NFTOKEN_OFFER,
                 AccountSetAsfFlag.ASF_DISABLE_INCOMING_CHECK, AccountSetAsfFlag.ASF_DISABLE_INCOMING_PAYCHAN,
                 AccountSetAsfFlag.ASF_DISABLE_INCOMING_TRUSTLINE, AccountSetAsfFlag.ASF_ALLOW_TRUSTLINE_LOCKING):
        ok = submit_and_wait(AccountSet(account=fresh.address, set_flag=flag), rpc, fresh)
        check(ok.is_successful() and ok.result["meta"]["TransactionResult"] == "tesSUCCESS", f"AccountSet SetFlag {flag.value}")
    flags = rpc.request(AccountInfo(account=fresh.address)).result.get("account_flags", {})
    check(flags.get("allowTrustLineClawback") is True and flags.get("disallowIncomingCheck") is True
          and flags.get("disallowIncomingTrustline") is True, f"account_flags shows the flags set ({sorted(k for k, v in flags.items() if v)})")
    minter = submit_and_wait(AccountSet(account=fresh.address, set_flag=AccountSetAsfFlag.ASF_AUTHORIZED_NFTOKEN_MINTER,
                                        nftoken_minter=holder.address), rpc, fresh)
    check(minter.is_successful() and rpc.request(AccountInfo(account=fresh.address)).result["account_data"].get("NFTokenMinter") == holder.address,
          "SetFlag 10 with NFTokenMinter stores the minter")

    # Fields of amendments the simulator does not enable are refused, never ignored.
    delegated = submit(autofill_and_sign(AccountSet(account=fresh.address, delegate=holder.address), rpc, fresh), rpc)
    check(delegated.result.get("engine_result") == "temDISABLED", f"a Delegate field: temDISABLED ({delegated.result.get('engine_result')})")

    # transactions/test_trust_set.py: NoRipple on a new line, deep freeze; test_offer_create.py: tecFROZEN.
    issuer = fund()
    ok = submit_and_wait(TrustSet(account=fresh.address, flags=TrustSetFlag.TF_SET_NO_RIPPLE, limit_amount=IssuedCurrencyAmount(
        issuer=issuer.address, currency="USD", value="100")), rpc, fresh)
    line = rpc.request(AccountLines(account=fresh.address)).result["lines"][0]
    check(ok.is_successful() and line.get("no_ripple") is True and line.get("no_ripple_peer") is True,
          "a new line: NoRipple as asked, and on the side of an issuer without DefaultRipple")
    ok = submit_and_wait(TrustSet(account=holder.address, limit_amount=IssuedCurrencyAmount(
        issuer=issuer.address, currency="EUR", value="100"),
        flags=TrustSetFlag.TF_SET_FREEZE | TrustSetFlag.TF_SET_DEEP_FREEZE), rpc, holder)
    lines = [l for l in rpc.request(AccountLines(account=holder.address)).result["lines"] if l["currency"] == "EUR"]
    objs = rpc.request(AccountObjects(account=holder.address, type=AccountObjectType.STATE)).result["account_objects"]
    eur = [o for o in objs if o["Balance"]["currency"] == "EUR"]
    check(ok.is_successful() and lines and lines[0].get("deep_freeze") is True and eur
          and int(eur[0]["Flags"]) & (0x02000000 | 0x04000000) != 0, "deep freeze shows in account_lines and the line's Flags")
    frozen = final_result(OfferCreate(account=holder.address, taker_gets="13100000", taker_pays=IssuedCurrencyAmount(
        currency="EUR", issuer=issuer.address, value="10")), rpc, holder)
    check(frozen == "tecFROZEN", f"an offer on a deep-frozen line: tecFROZEN ({frozen})")

    # Offers cross their direct book: a partial fill, a fill-or-kill that fills, one that cannot.
    maker, taker = fund(), fund()
    for w in (maker, taker):
        submit_and_wait(TrustSet(account=w.address, limit_amount=IssuedCurrencyAmount(issuer=issuer.address, currency="USD", value="1000")), rpc, w)
    submit_and_wait(Payment(account=issuer.address, destination=maker.address,
                            amount=IssuedCurrencyAmount(issuer=issuer.address, currency="USD", value="100")), rpc, issuer)
    usd = lambda v: IssuedCurrencyAmount(issuer=issuer.address, currency="USD", value=v)
    made = submit_and_wait(OfferCreate(account=maker.address, taker_gets=usd("10"), taker_pays="20000000"), rpc, maker)
    check(made.is_successful(), "the maker's offer (10 USD for 20 XRP) rests")
    before = get_balance(taker.address, rpc)
    took = submit_and_wait(OfferCreate(account=taker.address, taker_gets="10000000", taker_pays=usd("5")), rpc, taker)
    balance = lambda w: next((l["balance"] for l in rpc.request(AccountLines(account=w.address)).result["lines"]
                              if l["currency"] == "USD" and l["account"] == issuer.address), None)
    book = rpc.request(BookOffers(taker_gets=IssuedCurrency(currency="USD", issuer=issuer.address), taker_pays=XRP())).result["offers"]
    check(took.is_successful() and balance(taker) == "5" and balance(maker) == "95"
          and before - get_balance(taker.address, rpc) == 10_000_000 + int(took.result["tx_json"]["Fee"])
          and rpc.request(AccountOffers(account=taker.address)).result["offers"] == []
          and len(book) == 1 and book[0]["TakerGets"]["value"] == "5",
          "a crossing offer fills half the maker's: 5 USD for 10 XRP, nothing rests, book_offers shows the rest")
    fok = final_result(OfferCreate(account=taker.address, taker_gets="10000000", taker_pays=usd("5"), flags=0x00040000), rpc, taker)
    check(fok == "tesSUCCESS" and balance(taker) == "10"
          and rpc.request(AccountOffers(account=maker.address)).result["offers"] == [],
          "a fill-or-kill offer that fills consumes the maker's offer, which is deleted")
    killed = final_result(OfferCreate(account=taker.address, taker_gets="10000000", taker_pays=usd("5"), flags=0x00040000), rpc, taker)
    check(killed == "tecKILLED" and balance(taker) == "10",
          "a fill-or-kill offer with an empty book: tecKILLED, nothing moves")


def standalone_main(port):
    """`seqwatch sim --standalone --close-interval 0` as the client libraries' CI runs
    `rippled --standalone`: rippled standalone's TxQ sizes, and ledgers closed by ledger_accept."""
    rpc = JsonRpcClient(f"http://127.0.0.1:{port}")
    genesis = Wallet.from_seed(GENESIS_SEED, algorithm=CryptoAlgorithm.SECP256K1)
    fee = rpc.request(Fee()).result
    check(fee.get("expected_ledger_size") == "1000" and "max_queue_size" not in fee,
          f"--standalone: expected_ledger_size 1000, no max_queue_size before the first close ({fee})")
    w = Wallet.create(CryptoAlgorithm.ED25519)
    signed = autofill_and_sign(Payment(account=genesis.address, destination=w.address, amount="50000000"), rpc, genesis)
    sent = submit(signed, rpc)
    before = get_latest_validated_ledger_sequence(rpc)
    accepted = rpc.request(GenericRequest(method="ledger_accept"))
    check(sent.result.get("engine_result") == "tesSUCCESS" and accepted.is_successful()
          and get_latest_validated_ledger_sequence(rpc) == before + 1, "ledger_accept closes one ledger")
    tx = rpc.request(Tx(transaction=signed.get_hash()))
    check(tx.result.get("validated") is True and get_balance(w.address, rpc) == 50_000_000, "the payment is validated by that close")
    fee = rpc.request(Fee()).result
    check(fee.get("max_queue_size") == "20000", f"--standalone: after a close the queue holds 20 x 1000 ({fee.get('max_queue_size')})")
    if failures:
        print(f"{len(failures)} interop check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("all standalone interop checks passed")


def network_main(port, network_id):
    """xrpl-py's own CI runs rippled with a network id above 1024. xrpl-py then reads
    server_info.build_version as a rippled version to decide whether transactions need NetworkID:
    a name there made it raise on every transaction."""
    rpc = JsonRpcClient(f"http://127.0.0.1:{port}")
    genesis = Wallet.from_seed(GENESIS_SEED, algorithm=CryptoAlgorithm.SECP256K1)
    info = rpc.request(ServerInfo()).result["info"]
    check(info.get("network_id") == network_id, f"server_info reports network_id {network_id}")
    w = Wallet.create(CryptoAlgorithm.ED25519)
    signed = autofill_and_sign(Payment(account=genesis.address, destination=w.address, amount="50000000"), rpc, genesis)
    check(signed.network_id == network_id, f"autofill added NetworkID {network_id} (build_version {info.get('build_version')})")
    result = submit_and_wait(signed, rpc)
    check(result.is_successful() and result.result.get("validated") is True, "the payment with NetworkID validates")
    sim = simulate(Payment(account=genesis.address, destination=w.address, amount="1000"), rpc)
    check(sim.is_successful() and sim.result["engine_result"] == "tesSUCCESS"
          and sim.result["tx_json"].get("NetworkID") == network_id, "simulate autofills NetworkID as rippled does")

    if failures:
        print(f"{len(failures)} interop check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("all network-id interop checks passed")


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[2] == "--network-id":
        network_main(int(sys.argv[1]), int(sys.argv[3]))
    elif len(sys.argv) > 2 and sys.argv[2] == "--standalone":
        standalone_main(int(sys.argv[1]))
    else:
        main(int(sys.argv[1]))
