---- MODULE Recs ----
\* Sets of records [a : S], record fields, EXCEPT on fields, UNION and SUBSET.
EXTENDS Naturals
VARIABLE r
Init == r \in [on : BOOLEAN, level : {0}]
Next == \/ r.on /\ r.level < 2 /\ r' = [r EXCEPT !.level = @ + 1]
        \/ r' = [r EXCEPT !.on = ~@]
Inv == r \in [on : BOOLEAN, level : 0..2] /\ {r.level} \in SUBSET UNION {{0, 1, 2}}
====
