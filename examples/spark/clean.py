"""Clean a JSON Lines data set with newsclean on Spark.

The newsclean binary is shipped to the executors with the job (SparkContext.addFile, the same as
spark-submit --files) and every partition is piped through `newsclean filter` (RDD.pipe): one
process per partition, records in and dolma records out in the same order. Nothing is installed
on the executors; the binary must be built for their platform (a static musl build travels best).

    spark-submit examples/spark/clean.py --binary target/release/newsclean \
        --input s3://bucket/raw/*.jsonl --output s3://bucket/clean/ [--partitions 200] \
        [--rules my-rules.toml] [--added 2026-01-01T00:00:00Z] [--keep-rejected]

The output is a folder of part files (saveAsTextFile), one dolma record per line; with the same
inputs, rules and --added it is byte-identical to `newsclean filter` run over the same lines.
"""

import argparse
import os
import shlex

from pyspark import SparkFiles
from pyspark.sql import SparkSession


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True, help="the newsclean binary to ship")
    ap.add_argument("--input", required=True, help="JSON Lines file(s), any path Spark reads")
    ap.add_argument("--output", required=True, help="output folder (must not exist)")
    ap.add_argument("--partitions", type=int, default=0, help="minimum input partitions")
    ap.add_argument("--rules", action="append", default=[], help="rule files to ship and add")
    ap.add_argument("--added", help="`added` of records that name none (RFC 3339)")
    ap.add_argument("--source", help="`source` of records that name none")
    ap.add_argument("--keep-rejected", action="store_true")
    ap.add_argument("--master", help="Spark master (default: spark-submit's)")
    args = ap.parse_args()

    builder = SparkSession.builder.appName("newsclean")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext

    sc.addFile(os.path.abspath(args.binary))
    for r in args.rules:
        sc.addFile(os.path.abspath(r))

    def shipped(path):
        name = os.path.basename(path)
        # Local mode shares the driver's file system and its SparkFiles folder; on YARN and
        # Kubernetes, files shipped with the job land in the executor's working folder.
        return SparkFiles.get(name) if sc.master.startswith("local") else "./" + name

    binary = shipped(args.binary)
    # addFile does not promise to keep the executable bit.
    command = ["sh", "-c", 'chmod +x "$0" 2>/dev/null; exec "$0" "$@"', binary, "filter", "--quiet"]
    for r in args.rules:
        command += ["--rules", shipped(r)]
    if args.added:
        command += ["--added", args.added]
    if args.source:
        command += ["--source", args.source]
    if args.keep_rejected:
        command.append("--keep-rejected")
    # One worker thread per task: Spark already runs a task per core.
    command += ["--jobs", "1"]

    lines = sc.textFile(args.input, minPartitions=args.partitions or None)
    cleaned = lines.pipe(shlex.join(command), checkCode=True)
    cleaned.saveAsTextFile(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
