"""Interop: xrpl-py, unchanged, against `seqwatch sim` over JSON-RPC and WebSocket.

Run by .ci/run (which starts the simulator on a free loopback port and passes it in):
    python xrpl_py_interop.py PORT
Exits non-zero with one line per failed check. Nothing here is specific to the simulator:
the same script would pass against a standalone rippled with ledgers closing on their own.
"""

import sys
import time

from xrpl.account import get_balance, get_next_valid_seq_number
from xrpl.clients import JsonRpcClient, WebsocketClient
from xrpl.constants import CryptoAlgorithm
from xrpl.ledger import get_fee, get_latest_validated_ledger_sequence
from xrpl.models.requests import AccountInfo, Fee, Ledger, ServerInfo, Subscribe, StreamParameter, Tx
from xrpl.models.response import ResponseStatus
from xrpl.models.transactions import AccountSet, Payment
from xrpl.transaction import autofill_and_sign, submit, submit_and_wait
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

    if failures:
        print(f"{len(failures)} interop check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("all network-id interop checks passed")


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[2] == "--network-id":
        network_main(int(sys.argv[1]), int(sys.argv[3]))
    else:
        main(int(sys.argv[1]))
