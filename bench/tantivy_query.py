"""tantivy's side of `axbench query --compare tantivy`.

axbench writes the corpus (one JSON object per line: {"key", "body"}) and the queries
({"kinds": [{"kind", "queries": [{"terms": [...], "phrase": bool}]}], "times": N}); this
script indexes the corpus in memory with tantivy's default tokenizer and BM25, then times
each kind one query at a time on one thread, in process, twice: with the total counted
(count=True, as Axis always does) and top 10 only; then with the total counted from two
threads at once (tantivy's binding releases the GIL while it searches), the fair baseline for
Axis's server answering many requests at once on the machine's two cores. It prints one JSON
object on stdout.

Run by axbench; by hand:
  .venv-bench/bin/python bench/tantivy_query.py CORPUS.ndjson QUERIES.json
"""

import json
import sys
import threading
import time

import tantivy


def build_index(corpus_path):
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("body", stored=False)
    schema = builder.build()
    index = tantivy.Index(schema)  # in memory
    writer = index.writer(heap_size=1_000_000_000)
    documents = 0
    with open(corpus_path, encoding="utf-8") as corpus:
        for line in corpus:
            record = json.loads(line)
            writer.add_document(tantivy.Document(key=record["key"], body=record["body"]))
            documents += 1
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, schema, documents


def make_query(schema, question):
    terms = question["terms"]
    if question.get("phrase"):
        return tantivy.Query.phrase_query(schema, "body", terms)
    if len(terms) == 1:
        return tantivy.Query.term_query(schema, "body", terms[0])
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, tantivy.Query.term_query(schema, "body", term)) for term in terms]
    )


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def time_kind(searcher, queries, times, count):
    for query in queries:  # warm up: every query once
        searcher.search(query, limit=10, count=count)
    latencies = []
    hits = 0
    start = time.perf_counter_ns()
    for round_ in range(times):
        sent = time.perf_counter_ns()
        result = searcher.search(queries[round_ % len(queries)], limit=10, count=count)
        latencies.append(time.perf_counter_ns() - sent)
        if count:
            hits += result.count
    elapsed = (time.perf_counter_ns() - start) / 1e9
    latencies.sort()
    return {
        "per_second": times / elapsed,
        "p50_us": percentile(latencies, 0.50) / 1e3,
        "p99_us": percentile(latencies, 0.99) / 1e3,
        "average_hits": hits / times if count else None,
    }


def rate_in_threads(searcher, queries, times, threads):
    """Queries per second with `threads` threads each asking one at a time, `times` in all."""
    def ask(first):
        for round_ in range(first, times, threads):
            searcher.search(queries[round_ % len(queries)], limit=10, count=True)

    workers = [threading.Thread(target=ask, args=(first,)) for first in range(threads)]
    start = time.perf_counter_ns()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return times / ((time.perf_counter_ns() - start) / 1e9)


def main():
    corpus_path, queries_path = sys.argv[1], sys.argv[2]
    with open(queries_path, encoding="utf-8") as file:
        plan = json.load(file)
    start = time.perf_counter()
    index, schema, documents = build_index(corpus_path)
    index_seconds = time.perf_counter() - start
    searcher = index.searcher()
    kinds = []
    for kind in plan["kinds"]:
        queries = [make_query(schema, question) for question in kind["queries"]]
        counted = time_kind(searcher, queries, plan["times"], count=True)
        top = time_kind(searcher, queries, plan["times"], count=False)
        two_threads = rate_in_threads(searcher, queries, plan["times"], threads=2)
        kinds.append({"kind": kind["kind"], "counted": counted, "top_only": top, "two_threads_per_second": two_threads})
    json.dump(
        {"tantivy": tantivy.__version__ if hasattr(tantivy, "__version__") else "?",
         "documents": documents, "index_seconds": index_seconds, "kinds": kinds},
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
