"""A local SMTP server (aiosmtpd) that keeps what it receives, and refuses the addresses it is
told to: for good (550) or for now (451)."""

from __future__ import annotations

import email
import email.policy
import socket

from aiosmtpd.controller import Controller


class Sink:
    """An SMTP server on 127.0.0.1 that keeps what it receives; addresses listed in ``refuse``
    are refused for good (550), those in ``defer`` for now (451)."""

    def __init__(self, port: int):
        self.received: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()
        self.defer: set[str] = set()
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 no such mailbox"
        if address in self.defer:
            return "451 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(message)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
