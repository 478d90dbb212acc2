---- MODULE Sym ----
\* SYMMETRY over model values, with Permutations.
EXTENDS Naturals, FiniteSets, TLC
CONSTANTS Nodes
VARIABLES up
Init == up = {}
Next == \/ \E n \in Nodes \ up : up' = up \cup {n}
        \/ \E n \in up : up' = up \ {n}
Perms == Permutations(Nodes)
====
