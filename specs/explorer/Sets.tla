---- MODULE Sets ----
\* Sets: SUBSET, UNION, \X, ranges, set map and filter, \cup \cap \ \subseteq, Cardinality.
EXTENDS Naturals, FiniteSets
VARIABLES s, t
Universe == 1..3
Init == s = {} /\ t = {}
Add == \E x \in Universe \ s : s' = s \cup {x} /\ t' = t
Pair == /\ Cardinality(s) >= 2
        /\ t' \in SUBSET (s \X s)
        /\ Cardinality(t') = 1
        /\ UNCHANGED s
Drop == \E x \in {y \in s : y > 1} : s' = s \ {x} /\ t' = {}
Next == Add \/ Pair \/ Drop
Inv == /\ s \subseteq Universe
       /\ UNION {{x} : x \in s} = s
       /\ s \cap Universe = s
====
