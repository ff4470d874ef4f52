"""The catalogue in other shapes: ``export`` (the whole catalogue as one JSON document) and
``graph`` (Mermaid diagrams of its bands, categories and escalation timelines)."""

from __future__ import annotations

import argparse
import sys

import pydantic_core

from independence import graph
from independence.cli.context import catalog_for
from independence.cli.render import print_json
from independence.cli.status import EXIT_OK
from independence.errors import UsageError
from independence.export import export_document

__all__ = ["run_export", "run_graph"]


def run_export(args: argparse.Namespace) -> int:
    catalog = catalog_for(args)
    # pydantic's own serialiser: the same bytes as json.dumps(indent=2), several times faster
    sys.stdout.write(pydantic_core.to_json(export_document(catalog), indent=2).decode() + "\n")
    return EXIT_OK


def run_graph(args: argparse.Namespace) -> int:
    catalog = catalog_for(args)
    if args.subject == "bands":
        if args.id is not None:
            raise UsageError("'graph bands' takes no id")
        diagram = graph.bands_chart(catalog)
    elif args.id is None:
        raise UsageError(f"'graph {args.subject}' needs an id")
    elif args.subject == "category":
        diagram = graph.category_flow(catalog, args.id)
    else:
        policy = catalog.lookup(args.id, kind="escalation_policies")
        diagram = graph.escalation_timeline(policy, catalog.messages)
    if args.json:
        print_json(
            {"subject": args.subject, "id": args.id, "format": "mermaid", "diagram": diagram}
        )
    else:
        sys.stdout.write(diagram)
    return EXIT_OK
