---- MODULE Seqs ----
\* Sequences and strings: Append, Head, Tail, SubSeq, \o, Len, ToString, records [a : S], r.f, EXCEPT !.f.
EXTENDS Naturals, Sequences, TLC
VARIABLES q, r
Init == q = <<>> /\ r \in [n : {0}, text : {"", "x"}]
Push(v) == Len(q) < 3 /\ q' = Append(q, v) /\ r' = [r EXCEPT !.n = @ + 1]
Pop == Len(q) > 0 /\ q' = Tail(q) /\ r' = [r EXCEPT !.text = @ \o ToString(Head(q))]
Trim == Len(q) > 1 /\ q' = SubSeq(q, 1, 1) \o <<>> /\ UNCHANGED r
Next == (\E v \in {"a", "b"} : Push(v)) \/ Pop \/ Trim
Small == r.n <= 3
====
