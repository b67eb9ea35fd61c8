"""The seed note's ATM design, rebuilt in Python for a side-by-side benchmark with our Rust core.

Written for this benchmark from the note's description of its design, defects included, because
the point is to measure that design (see SPEC.md, "Defects in the seed note's code"):

* money is a float;
* one bank-wide `threading.Lock` around login, and login finds the card by walking every user
  and every card of that user (O(n) in the number of users);
* each account and each machine has a plain (non-reentrant) `threading.Lock`, and the withdrawal
  path takes that lock and then calls a helper that takes the same lock again, so the first
  withdrawal blocks forever;
* the PIN is compared in clear; sessions are keyed by a random UUID.

Usage: ``python3 seed_design.py login USERS LOGINS`` prints nanoseconds per login + logout;
``python3 seed_design.py withdraw TIMEOUT_S`` tries one withdrawal on a worker thread and reports
whether it finished. ``scripts/bench-python.sh`` runs both next to the Rust core.
"""

import sys
import threading
import time
import uuid
from datetime import datetime, timedelta
from enum import Enum


class CardState(Enum):
    ACTIVE = 1
    BLOCKED = 2


class SessionState(Enum):
    LOGGED_IN = 1
    LOGGED_OUT = 2
    EXPIRED = 3


MAX_PIN_TRIES = 3
BLOCK_FOR = timedelta(minutes=30)
IDLE_TIMEOUT = timedelta(minutes=5)


class Card:
    def __init__(self, number, pin, owner_id):
        self.number = number
        self.pin = pin  # in clear, as the note has it
        self.owner_id = owner_id
        self.state = CardState.ACTIVE
        self.wrong_tries = 0
        self.blocked_until = None

    def usable(self):
        if self.state is not CardState.ACTIVE:
            return False
        return self.blocked_until is None or datetime.now() >= self.blocked_until

    def check_pin(self, attempt):
        if not self.usable():
            return False
        if attempt == self.pin:
            self.wrong_tries = 0
            return True
        self.wrong_tries += 1
        if self.wrong_tries >= MAX_PIN_TRIES:
            self.state = CardState.BLOCKED
            self.blocked_until = datetime.now() + BLOCK_FOR
        return False


class User:
    def __init__(self, user_id, name):
        self.user_id = user_id
        self.name = name
        self.cards = []
        self.accounts = []

    def first_account(self):
        return self.accounts[0] if self.accounts else None


class Account:
    """Balance and the daily allowance, guarded by one non-reentrant lock."""

    def __init__(self, account_id, owner_id, balance):
        self.account_id = account_id
        self.owner_id = owner_id
        self.balance = float(balance)
        self.daily_cap = 2000.0
        self.used_today = 0.0
        self.per_withdrawal_cap = 500.0
        self.history = []
        self.lock = threading.Lock()

    def allowed(self, amount):
        with self.lock:
            if amount <= 0 or amount > self.per_withdrawal_cap:
                return False
            if self.used_today + amount > self.daily_cap:
                return False
            return amount <= self.balance

    def take(self, amount):
        # The defect: the lock is held while `allowed` tries to take it again.
        with self.lock:
            if not self.allowed(amount):
                return False
            self.balance -= amount
            self.used_today += amount
            return True


class Machine:
    def __init__(self, machine_id, place, cash=10000.0):
        self.machine_id = machine_id
        self.place = place
        self.cash = float(cash)
        self.sessions = {}
        self.log = []
        self.lock = threading.Lock()

    def can_pay(self, amount):
        with self.lock:
            return amount <= self.cash

    def pay_out(self, amount):
        # Same defect as Account.take: `can_pay` re-takes the lock held here.
        with self.lock:
            if self.can_pay(amount):
                self.cash -= amount
                return True
            return False


class Session:
    def __init__(self, user, card, machine):
        self.session_id = str(uuid.uuid4())
        self.user = user
        self.card = card
        self.machine = machine
        self.state = SessionState.LOGGED_IN
        self.last_seen = datetime.now()

    def expired(self):
        if self.state is SessionState.EXPIRED:
            return True
        if datetime.now() - self.last_seen > IDLE_TIMEOUT:
            self.state = SessionState.EXPIRED
        return self.state is SessionState.EXPIRED


class SeedBank:
    """The note's central coordinator (one per benchmark size instead of a process singleton)."""

    def __init__(self):
        self.users = {}
        self.accounts = {}
        self.machines = {}
        self.lock = threading.Lock()

    def add_user(self, user_id, name, card_number, pin, balance):
        with self.lock:
            user = User(user_id, name)
            self.users[user_id] = user
            account = Account("A" + user_id, user_id, balance)
            self.accounts[account.account_id] = account
            user.accounts.append(account)
            user.cards.append(Card(card_number, pin, user_id))

    def add_machine(self, machine_id, place):
        with self.lock:
            self.machines[machine_id] = Machine(machine_id, place)

    def login(self, card_number, pin, machine_id):
        with self.lock:
            owner, card = None, None
            for user in self.users.values():  # the O(n) scan
                for candidate in user.cards:
                    if candidate.number == card_number:
                        owner, card = user, candidate
                        break
                if card is not None:
                    break
            if card is None or not card.check_pin(pin):
                return None
            machine = self.machines.get(machine_id)
            if machine is None:
                return None
            session = Session(owner, card, machine)
            machine.sessions[card.number] = session
            return session

    def logout(self, session):
        session.state = SessionState.LOGGED_OUT
        session.machine.sessions.pop(session.card.number, None)

    def withdraw(self, session, amount):
        if session.expired():
            return False
        session.last_seen = datetime.now()
        account = session.user.first_account()
        if account is None or not session.machine.can_pay(amount):
            return False
        if not account.take(amount):  # never returns: see Account.take
            return False
        session.machine.log.append(("withdrawal", amount))
        session.machine.pay_out(amount)
        return True


def card_number(i):
    return "4%015d" % i


def build(users):
    bank = SeedBank()
    for i in range(users):
        bank.add_user("U%d" % i, "User %d" % i, card_number(i), "1234", 1_000_000)
    bank.add_machine("M0", "Hall")
    return bank


def scatter(i, n):
    """The same spread of card indexes as benches/common.rs `scatter`."""
    return (i * 2_654_435_761 % 2**64) % n


def bench_login(users, logins, repeats=5):
    """Best of `repeats` runs of `logins` login + logout pairs on scattered cards, in ns each
    (the best run is the one least disturbed by other work on the machine)."""
    bank = build(users)
    numbers = [card_number(scatter(i, users)) for i in range(logins)]
    best = None
    for _ in range(repeats):
        start = time.perf_counter_ns()
        for number in numbers:
            session = bank.login(number, "1234", "M0")
            bank.logout(session)
        spent = (time.perf_counter_ns() - start) / logins
        best = spent if best is None else min(best, spent)
    return best


def try_withdraw(timeout_s):
    bank = build(1)
    session = bank.login(card_number(0), "1234", "M0")
    done = threading.Event()

    def worker():
        bank.withdraw(session, 20.0)
        done.set()

    threading.Thread(target=worker, daemon=True).start()
    return done.wait(timeout_s)


if __name__ == "__main__":
    if sys.argv[1:2] == ["login"]:
        print("%.0f" % bench_login(int(sys.argv[2]), int(sys.argv[3])))
    elif sys.argv[1:2] == ["withdraw"]:
        finished = try_withdraw(float(sys.argv[2]))
        print("finished" if finished else "deadlocked after %s s" % sys.argv[2])
    else:
        sys.exit(__doc__)
