#!/usr/bin/env bash
# `jirga exchange reconcile` and `jirga exchange status` end to end on two lists of N prisoner
# entries (default 5,000 × 5,000): a store made through the CLI (init, parties, `submit`), then
# wall time of the first reconcile (the view catches up: 2N records), a second one (query only:
# loading the entries, A×B, A×A and B×B matching) and status. Names: 2–3 given names from a pool
# of 48 with their romanisations, the other list re-spelled; ~70% overlap.
#   bench/exchange.sh [BUILD_DIR] [N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
N="${2:-5000}"
J="$BUILD/jirga"
TMP="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] && echo "kept $TMP" >&2 || rm -rf "$TMP"' EXIT
S="$TMP/log.db"
"$J" init --store "$S" --origin bench.example/exchange >/dev/null 2>&1
for p in iea gov; do
  vk=$("$J" key generate $p --out "$TMP/$p.key")
  "$J" party register $p --vkey "$vk" --role belligerent --store "$S" >/dev/null
done
python3 - "$N" "$TMP" <<'PY'
import json, random, sys
n, tmp = int(sys.argv[1]), sys.argv[2]
rng = random.Random(5)
names = [["Mohammad","Muhammad","Mohammed"],["Abdul Ghani","Abdulghani"],["Ahmad","Ahmed"],["Gul"],
 ["Nabi"],["Rahman","Rehman"],["Karim","Kareem"],["Noor","Nur"],["Habib","Habeeb"],
 ["Zabihullah","Zabiullah"],["Amanullah","Aman Ullah"],["Hamid","Hameed"],["Jalal"],["Rashid","Rasheed"],
 ["Wali"],["Qasim","Kasim"],["Yousuf","Yusuf"],["Hekmatullah","Hikmatullah"],["Sher","Shir"],
 ["Ghulam","Gholam"],["Nasir","Naseer"],["Farid","Fareed"],["Jawad"],["Daud","Dawood"],["Ismail","Esmail"],
 ["Aziz"],["Bashir","Basheer"],["Tariq","Tareq"],["Haroon","Harun"],["Obaidullah","Ubaidullah"],
 ["Saifullah"],["Mansoor","Mansur"],["Anwar"],["Qadir","Kadir"],["Salim","Saleem"],["Latif","Lateef"],
 ["Majid","Majeed"],["Wahid","Waheed"],["Khalil"],["Najib","Najeeb"],["Sadiq","Sadeq"],["Zahir","Zaheer"],
 ["Fazal","Fazl"],["Rafiq"],["Shafiq"],["Hakim","Hakeem"],["Jamil","Jameel"],["Mujib","Mujeeb"]]
prov = ["AF-KAB","AF-KAN","AF-HEL","AF-KHO","AF-PAK","AF-NAN","AF-GHA","AF-LOG"]
def person():
  return {"n":[rng.randrange(len(names)) for _ in range(rng.choice([2,2,3]))],
          "f":[rng.randrange(len(names)) for _ in range(2)], "p":rng.choice(prov), "y":rng.randrange(1960,2000)}
def spell(t, vary): return " ".join((rng.choice(names[i]) if vary else names[i][0]) for i in t)
def body(p, lst, e, party, vary):
  b = {"list":lst,"entry":e,"listing_party":party,"name":spell(p["n"],vary),"synthetic":True}
  if not vary or rng.random() > 0.2: b["father_name"] = spell(p["f"], vary)
  if not vary or rng.random() > 0.2: b["province"] = p["p"]
  if not vary or rng.random() > 0.3: b["birth_year"] = p["y"]
  return b
people = [person() for _ in range(n)]
b_people = [p for p in people if rng.random() < 0.7]
b_people += [person() for _ in range(n - len(b_people))]
rng.shuffle(b_people)
import csv
def write_csv(path, bodies):
  with open(path, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id","name","father_name","province","birth_year"])
    for b in bodies:
      w.writerow([b["entry"], b["name"], b.get("father_name",""), b.get("province",""), b.get("birth_year","")])
a_bodies = [body(p,"a-list",f"A-{i}","iea",False) for i,p in enumerate(people)]
b_bodies = [body(p,"b-list",f"B-{i}","gov",True) for i,p in enumerate(b_people)]
write_csv(f"{tmp}/a.csv", a_bodies)
write_csv(f"{tmp}/b.csv", b_bodies)
with open(f"{tmp}/a.jsonl","w") as f:
  for b in a_bodies: f.write(json.dumps({"kind":"prisoner","body":b})+"\n")
with open(f"{tmp}/b.jsonl","w") as f:
  for b in b_bodies: f.write(json.dumps({"kind":"prisoner","body":b})+"\n")
PY
"$J" submit --store "$S" --key "$TMP/iea.key" - <"$TMP/a.jsonl" >/dev/null
"$J" submit --store "$S" --key "$TMP/gov.key" - <"$TMP/b.jsonl" >/dev/null
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>"$TMP/err"; e=$(date +%s.%N); echo "$(echo "$e - $s" | bc)"; }
echo "entries: $N x $N; machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%d)"
echo "reconcile, first (view catch-up of $((2*N)) records included): $(t "$J" exchange reconcile --store "$S" --list a-list --against b-list) s"
echo "reconcile, second (query only): $(t "$J" exchange reconcile --store "$S" --list a-list --against b-list) s"
cat "$TMP/err"
echo "status: $(t "$J" exchange status --store "$S") s"
echo "same lists, library only (jirga names match, CSV in/out, one direction): $(t "$J" names match --left "$TMP/a.csv" --right "$TMP/b.csv") s"
/usr/bin/time -f "reconcile CPU: user %U s, sys %S s, wall %e s, max RSS %M KB" \
  "$J" exchange reconcile --store "$S" --list a-list --against b-list >/dev/null 2>"$TMP/time" || true
tail -1 "$TMP/time"
