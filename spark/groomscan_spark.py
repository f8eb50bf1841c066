"""groomscan on Apache Spark: the same scan, cut into partitions run on the executors.

    spark-submit spark/groomscan_spark.py INPUT... --out DIR [--binary PATH]
                 [--partitions N] [--model MODEL] [--lexicon DIR]

1. The driver lists the files a `groomscan scan INPUT...` reads, with `groomscan walk`
   (the same walker, so hidden files, links and pipes are skipped and reported as scan
   reports them); the walk is kept as DIR/parts/walk.part for the merge.
2. The files are cut into partitions by folder: every file of one folder goes to one
   partition, so a SQLite database stays with its -wal/-shm, and the message_N.json
   parts of a Messenger chat, or a Telegram or Discord export, are read together.
   Folders are dealt to the least-loaded partition, largest first (by bytes).
3. Each task runs `groomscan scan --files-from LIST --format part` on its partition and
   writes DIR/parts/part-NNNNN.part (to a temporary name, then renamed: a retried task
   rewrites its own part). A bad file is an error entry in the part, never a failed task.
4. The driver runs `groomscan merge` on the parts: DIR/report.json (the groomscan.scan/1
   document `groomscan scan --format json INPUT...` prints, byte for byte), and
   DIR/conversations.parquet and DIR/evidence.parquet for analysts (the rows of
   `--format csv` and of `--evidence-csv`).

Inputs, the model and DIR must be on paths every executor sees (local mode, or a shared
file system mounted at the same path); the binary is shipped to the executors with
SparkContext.addFile. See README "groomscan on Spark".
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from pyspark import SparkFiles
from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def local_path(path):
    """A path the groomscan binary can open: plain, or file: URIs."""
    if path.startswith("file://"):
        return path[len("file://"):]
    if path.startswith("file:"):
        return path[len("file:"):]
    if "://" in path:
        sys.exit(f"groomscan_spark: {path}: only local or mounted paths are read (see README)")
    return path


def partitions(files, n):
    """Cuts files into at most n lists, every folder's files in one list."""
    folders = {}
    for f in files:
        folders.setdefault(os.path.dirname(f), []).append(f)
    size = {d: sum(os.path.getsize(f) for f in fs) for d, fs in folders.items()}
    load = [[0, i, []] for i in range(max(1, min(n, len(folders))))]
    for d in sorted(folders, key=lambda d: (-size[d], d)):
        slot = min(load, key=lambda s: (s[0], s[1]))
        slot[0] += size[d]
        slot[2].extend(folders[d])
    return [sorted(s[2]) for s in load if s[2]]


def scan_partition(task, binary, parts_dir, scan_flags):
    """Runs on an executor: scans one partition into parts_dir/part-NNNNN.part."""
    index, files = task
    exe = SparkFiles.get(os.path.basename(binary))
    os.chmod(exe, 0o755)
    final = os.path.join(parts_dir, f"part-{index:05d}.part")
    fd, tmp = tempfile.mkstemp(dir=parts_dir, prefix=f".part-{index:05d}-")
    os.close(fd)
    cmd = [exe, "scan", "--format", "part", "--files-from", "-", "-o", tmp, *scan_flags]
    done = subprocess.run(cmd, input="\n".join(files) + "\n", text=True, capture_output=True)
    # 0: all read; 2: some files or records skipped (error entries in the part).
    if done.returncode not in (0, 2):
        os.unlink(tmp)
        raise RuntimeError(f"partition {index}: {' '.join(cmd)} failed: {done.stderr}")
    os.replace(tmp, final)
    return final


def run(binary, args, **kw):
    done = subprocess.run([binary, *args], capture_output=True, text=True, **kw)
    if done.returncode not in (0, 2):
        sys.exit(f"groomscan_spark: groomscan {' '.join(args)} failed:\n{done.stderr}")
    return done


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--out", required=True, help="output folder (created)")
    p.add_argument("--binary", default="groomscan", help="the groomscan binary (default: on PATH)")
    p.add_argument("--partitions", type=int, default=0, help="default: Spark's default parallelism")
    p.add_argument("--model", help="a trained model file (scan --model), on a shared path")
    p.add_argument("--lexicon", help="a lexicon folder (scan --lexicon), on a shared path")
    a = p.parse_args(argv)

    binary = a.binary if os.path.sep in a.binary else (shutil.which(a.binary) or a.binary)
    binary = os.path.abspath(binary)
    out = os.path.abspath(local_path(a.out))
    parts_dir = os.path.join(out, "parts")
    os.makedirs(parts_dir, exist_ok=True)
    scan_flags = []
    if a.model:
        scan_flags += ["--model", local_path(a.model)]
    if a.lexicon:
        scan_flags += ["--lexicon", local_path(a.lexicon)]

    spark = SparkSession.builder.appName("groomscan").getOrCreate()
    sc = spark.sparkContext
    sc.addFile(binary)

    walk_part = os.path.join(parts_dir, "walk.part")
    inputs = [local_path(i) for i in a.inputs]
    files = run(binary, ["walk", "--part", walk_part, *inputs]).stdout.splitlines()
    n = a.partitions or sc.defaultParallelism
    tasks = list(enumerate(partitions(files, n)))
    parts = []
    if tasks:
        parts = (
            sc.parallelize(tasks, len(tasks))
            .map(lambda t: scan_partition(t, binary, parts_dir, scan_flags))
            .collect()
        )

    merge = [binary, "merge", walk_part, *parts]
    if a.lexicon:
        merge += ["--lexicon", local_path(a.lexicon)]
    report = os.path.join(out, "report.json")
    csv_rows = os.path.join(parts_dir, "conversations.csv")
    evidence = os.path.join(parts_dir, "evidence.csv")
    run(merge[0], merge[1:] + ["--format", "json", "-o", report, "--evidence-csv", evidence])
    run(merge[0], merge[1:] + ["--format", "csv", "-o", csv_rows])

    def table(path, numbers):
        df = spark.read.csv("file://" + path, header=True, multiLine=True, escape='"')
        for c in numbers:
            df = df.withColumn(c, F.col(c).cast("double" if c in ("score", "age_gap_years") else "long"))
        return df

    table(csv_rows, ["rank", "score", "messages", "first_warning_message", "first_alert_message",
                     "age_gap_years"]).write.mode("overwrite").parquet(
        "file://" + os.path.join(out, "conversations.parquet"))
    table(evidence, ["rank", "message", "line"]).write.mode("overwrite").parquet(
        "file://" + os.path.join(out, "evidence.parquet"))
    spark.stop()

    with open(report, encoding="utf-8") as f:
        doc = json.load(f)
    errors = doc["errors"]
    print(f"groomscan_spark: {len(files)} file(s) in {len(parts)} partition(s); "
          f"{len(doc['inputs'])} input(s) read, {len(doc['conversations'])} conversation(s) ranked, "
          f"{len(doc.get('duplicates', []))} duplicate(s), {len(errors)} skipped file(s) or record(s)")
    for e in errors[:20]:
        line = f":{e['line']}" if e.get("line") else ""
        print(f"groomscan_spark: skipped: {e['path']}{line}: {e['message']}")
    if len(errors) > 20:
        print(f"groomscan_spark: ... and {len(errors) - 20} more (every one is in report.json)")
    print(f"groomscan_spark: wrote {report}, conversations.parquet and evidence.parquet in {out}")


if __name__ == "__main__":
    main()
