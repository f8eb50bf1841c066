#!/bin/bash
# usage: peak.sh CMD... ; prints peak RssAnon and RssFile (kB) sampled every 50 ms
# Linux only (reads /proc/PID/status); the command's standard output is discarded.
"$@" > /dev/null &
pid=$!
pa=0; pf=0
while kill -0 $pid 2>/dev/null; do
  if [ -r /proc/$pid/status ]; then
    a=$(awk '/RssAnon/{print $2}' /proc/$pid/status 2>/dev/null); f=$(awk '/RssFile/{print $2}' /proc/$pid/status 2>/dev/null)
    [ -n "$a" ] && [ "$a" -gt "$pa" ] && pa=$a; [ -n "$f" ] && [ "$f" -gt "$pf" ] && pf=$f
  fi
  sleep 0.05
done
wait $pid; echo "rc=$? peak RssAnon=${pa} kB RssFile=${pf} kB: $*"
