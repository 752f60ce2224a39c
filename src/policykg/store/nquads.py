"""N-Quads bytes split by graph without parsing them: one line is one quad ending in ` <graph> .` (the
serializer escapes every newline inside a literal), so a report's quads go to the store whole, however long a
literal (pyoxigraph's parser refuses a line above 16 MiB; its bulk loader takes it)."""

from __future__ import annotations

from collections import defaultdict


class NQuadsError(ValueError):
    pass


def by_graph(nquads: bytes) -> dict[str, list[bytes]]:
    """Each graph's lines as N-Triples (the graph term taken off), in order."""
    out: dict[str, list[bytes]] = defaultdict(list)
    for line in nquads.split(b"\n"):
        if not line.strip():
            continue
        head, graph, dot = line.rsplit(b" ", 2)
        if dot != b"." or not (graph.startswith(b"<") and graph.endswith(b">")):
            raise NQuadsError(f"not a quad in a named graph: {line[:120]!r}")
        out[graph[1:-1].decode("utf-8")].append(head + b" .")
    return dict(out)


def in_graph(triples: list[bytes], graph: str) -> bytes:
    """N-Triples lines as N-Quads of `graph`."""
    suffix = b" <" + graph.encode("utf-8") + b"> .\n"
    return b"".join(t[:-2] + suffix for t in triples)
