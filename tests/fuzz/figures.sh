# figures.sh NAME LOG SECONDS TIMES_BEFORE TIMES_AFTER CORPUS — one line of figures from a
# libFuzzer run's output (-print_final_stats=1): executions, wall and CPU time (from the
# children's line of the shell's 'times' before and after the run), coverage (cov: edges,
# ft: features) and the working corpus.
n=$1 log=$2 secs=$3 corpus=$6
cpu=$(echo "$4 $5" | awk 'function s(t, p) { split(t, p, /[ms]/); return p[1] * 60 + p[2] }
  { printf "%.0f", s($3) + s($4) - s($1) - s($2) }')
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
last=$(grep -E '^#[0-9]+' "$log" | tail -1)
cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
files=$(ls "$corpus" 2>/dev/null | wc -l)
kb=$(du -sk "$corpus" 2>/dev/null | cut -f1)
echo "fuzz: $n: ${execs:-?} executions in ${secs} s (${cpu} s of CPU, ${rate:-?}/s), cov: ${cov:-?} ft: ${ft:-?}, peak ${rss:-?} MB, corpus $files files ${kb:-?} KB"
