#!/usr/bin/env python3
"""make bench: times planbook on the 2020 book and on a synthetic book ten times larger,
and prints pages, median wall time, peak memory and the PDF's size of each. Figures, not a test: the
targets (2020 book 60 ms; the ten-fold book at most ten times it, 64 MB; check at most a tenth of a
build; the tagged book at most 1.2 times the untagged one) are printed beside them.

The ten-fold book is written to build/bench/ten/: the 2020 manifest with each
administration repeated ten times (unit ids suffixed), reading the same plan and prose
files, so the result is deterministic."""
import os
import re
import statistics
import subprocess
import sys
import time

BUILD = os.environ.get('BUILD', 'build')
PB = os.path.join(BUILD, 'planbook')
RUNS = 7


def make_ten(src='input/2020', dest=os.path.join(BUILD, 'bench', 'ten')):
    os.makedirs(dest, exist_ok=True)
    text = open(os.path.join(src, 'book.yaml'), encoding='utf-8').read()
    head, parts = text.split('\nparts:\n', 1)
    blocks = re.split(r'\n(?=  - id: )', '\n' + parts)
    blocks = [b for b in blocks if b.strip()]
    up = os.path.relpath(src, dest)
    out = [head.replace('id: book-2020', 'id: ten'), 'parts:']
    for k in range(10):
        for b in blocks:
            if k and 'id: opening' in b:
                continue
            b = re.sub(r'(^\s*(?:- )?id: )(\S+)', lambda m: f'{m.group(1)}{m.group(2)}-{k}', b, flags=re.M)
            b = re.sub(r'^(\s*(?:prose|goals|intro|plan): )(\S+)', lambda m: f'{m.group(1)}{up}/{m.group(2)}', b, flags=re.M)
            out.append(b.rstrip('\n'))
    open(os.path.join(dest, 'book.yaml'), 'w', encoding='utf-8').write('\n'.join(out) + '\n')
    return dest


def make_xlsx(src='input/2020', dest=os.path.join(BUILD, 'bench', 'xlsx')):
    """The 2020 book with every plan as a workbook (tests/workbook_book.py)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from workbook_book import workbook_book
    workbook_book(src, dest, PB)
    return dest


def read_time(input_dir):
    """Median wall time of planbook check (reading and checking, no layout)."""
    times = []
    for _ in range(RUNS * 3):
        t0 = time.perf_counter()
        subprocess.run([PB, 'check', input_dir], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run(input_dir, pdf, extra=()):
    times, peak = [], 0
    for _ in range(RUNS):
        t0 = time.perf_counter()
        p = subprocess.Popen([PB, 'build', *extra, '-o', pdf, input_dir], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        times.append(time.perf_counter() - t0)
        p.stderr.read()
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f'bench: planbook failed on {input_dir}')
        peak = max(peak, usage.ru_maxrss)  # KB on Linux
    info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
    pages = re.search(r'Pages:\s+(\d+)', info).group(1)
    return pages, statistics.median(times), peak / 1024


def main():
    out = os.path.join(BUILD, 'bench')
    os.makedirs(out, exist_ok=True)
    book = ('2020 book', 'input/2020')
    ten = ('ten-fold book', make_ten())
    print(f'{"input":<15}{"pages":>7}{"median":>10}{"target":>9}{"peak memory":>14}{"target":>9}'
          f'{"PDF":>10}')
    medians = []
    for name, src in (book, ten):
        pdf = os.path.join(out, 'bench.pdf')
        pages, median, mb = run(src, pdf)
        target = 0.060 if not medians else 10 * medians[0]
        medians.append(median)
        size = os.path.getsize(pdf) / 1e6
        print(f'{name:<15}{pages:>7}{median:>9.3f}s{target:>8.3f}s{mb:>11.1f} MB{64:>6} MB'
              f'{size:>7.2f} MB   {"ok" if median <= target and mb <= 64 else "over target"}')
    print(f'the ten-fold book takes {medians[1] / medians[0]:.1f} times the 2020 book '
          f'(linear: at most 10)')
    print('\nplanbook check against planbook build (target: at most 10 %):')
    for (name, src), built in zip((book, ten), medians):
        checked = read_time(src)
        print(f'  {name}: check {checked:.3f} s, build {built:.3f} s: {100 * checked / built:.0f} %')
    workbooks = make_xlsx()
    csv, xlsx = read_time('input/2020'), read_time(workbooks)
    print(f'\nthe 2020 book with its plans as CSV and as .xlsx (target: .xlsx at most 1.5 times):')
    print(f'  reading and checking (planbook check): CSV {csv:.3f} s, .xlsx {xlsx:.3f} s, '
          f'{xlsx / csv:.2f} times')
    pdf = os.path.join(out, 'bench.pdf')
    csv, xlsx = run('input/2020', pdf)[1], run(workbooks, pdf)[1]
    print(f'  building the book (planbook build):    CSV {csv:.3f} s, .xlsx {xlsx:.3f} s, '
          f'{xlsx / csv:.2f} times')
    booklet()
    tagging()
    peers()


# The last commit before the tagged PDF (issue 14): its book is the same pages, untagged.
UNTAGGED = 'bf5b973'


def build_untagged():
    """planbook as it was before tagging, built from the repository's history into
    build/bench/untagged; None where there is no history (a copy without .git)."""
    src = os.path.join(BUILD, 'bench', 'untagged')
    exe = os.path.join(src, 'build', 'planbook')
    if os.path.exists(exe):
        return exe
    if subprocess.run(['git', 'cat-file', '-e', UNTAGGED], capture_output=True).returncode:
        return None
    os.makedirs(src, exist_ok=True)
    archive = subprocess.run(['git', 'archive', UNTAGGED], capture_output=True, check=True).stdout
    subprocess.run(['tar', '-x', '-C', src], input=archive, check=True)
    subprocess.run(['make', '-s', '-C', src, 'build/planbook'], check=True,
                   stdout=subprocess.DEVNULL)
    return exe


def pair_times(a, b, args, runs=21):
    """Wall times of two commands run in turn, a warm-up of each first: medians of each and
    of the ratio b/a taken pair by pair (a shared machine's load hits both alike)."""
    ta, tb = [], []
    for k in range(runs + 1):
        for cmd, into in ((a, ta), (b, tb)):
            t0 = time.perf_counter()
            subprocess.run([cmd, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if k:
                into.append(time.perf_counter() - t0)
    return (statistics.median(ta), statistics.median(tb),
            statistics.median(y / x for x, y in zip(ta, tb)))


def tagging():
    """What the tagged PDF (structure tree, marked content, text in reading order) costs:
    the 2020 book against the same build before tagging (target: at most 1.2 times)."""
    old = build_untagged()
    if not old:
        print(f'\ntagging: no git history here to build {UNTAGGED}, the last untagged version')
        return
    pdf = os.path.join(BUILD, 'bench', 'bench.pdf')
    t_old, t_new, ratio = pair_times(old, PB, ['build', '-o', pdf, 'input/2020'])
    print(f'\nthe tagged PDF against the untagged one ({UNTAGGED}), the 2020 book, 21 pairs '
          f'(target: at most 1.2 times):')
    print(f'  untagged {t_old:.3f} s, tagged {t_new:.3f} s: {ratio:.2f} times (median of the '
          f'pairs\' ratios)')


def peers():
    """Typst against planbook on the synthetic book of ../shared/bench-peers, in one run of
    its run.sh (target: planbook at least 30 times faster). Typst comes from npm
    (@myriaddreamin/typst-ts-node-compiler, installed by that folder's setup.sh into
    $TYPST_DIR, default /tmp/peers-typst); without it this part is skipped."""
    here = os.path.abspath(os.path.join('..', 'shared', 'bench-peers'))
    typst = os.environ.get('TYPST_DIR', os.path.join(os.environ.get('TMPDIR', '/tmp'), 'peers-typst'))
    if not os.path.exists(os.path.join(here, 'run.sh')) or not os.path.isdir(
            os.path.join(typst, 'node_modules', '@myriaddreamin')):
        print(f'\nTypst: not installed (NO_LATEX=1 {here}/setup.sh installs it); skipped')
        return
    out = os.path.abspath(os.path.join(BUILD, 'bench', 'peers'))
    env = dict(os.environ, PLANBOOK=os.path.abspath(PB), OUT=out, PEERS='typst planbook',
               RUNS='5', TYPST_DIR=typst)
    r = subprocess.run(['bash', os.path.join(here, 'run.sh')], env=env, capture_output=True,
                       text=True)
    rows = {}
    for line in r.stdout.splitlines():
        cells = [c.strip() for c in line.strip('|').split('|')]
        if len(cells) > 2 and cells[0] in ('typst', 'planbook'):
            rows[cells[0]] = float(cells[1])
    if len(rows) < 2:
        print('\nTypst: the peer benchmark did not finish:\n' + r.stderr[-2000:])
        return
    print(f'\nTypst against planbook on ../shared/bench-peers\' synthetic book, one run of 5 '
          f'each (target: at least 30 times faster):')
    print(f'  Typst {rows["typst"]:.2f} s, planbook {rows["planbook"]:.3f} s: '
          f'{rows["typst"] / rows["planbook"]:.0f} times faster')


def booklet():
    """The measurement booklet of the 2020 book filled with results (tests/fill_measurement.py,
    fixed seed) beside the book of the same input."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from fill_measurement import fill_book
    src = fill_book('input/2020', os.path.join(BUILD, 'bench', 'measured'))
    pdf = os.path.join(BUILD, 'bench', 'bench.pdf')
    book = run(src, pdf)
    h1 = run(src, pdf, ('--measurement', 'h1'))
    year = run(src, pdf, ('--measurement', 'year'))
    print(f'\nthe measurement booklet of the 2020 book (target: at most 1.3 times the book):')
    print(f'  book {book[1]:.3f} s ({book[0]} pages), booklet h1 {h1[1]:.3f} s ({h1[0]} pages, '
          f'{h1[1] / book[1]:.2f} times), year {year[1]:.3f} s ({year[0]} pages, '
          f'{year[1] / book[1]:.2f} times); peak memory {max(h1[2], year[2]):.1f} MB')


if __name__ == '__main__':
    main()
