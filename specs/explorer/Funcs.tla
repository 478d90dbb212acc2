---- MODULE Funcs ----
\* Functions: [x \in S |-> e], [S -> T], DOMAIN, EXCEPT with @ and nested paths, :> and @@.
EXTENDS Naturals, TLC
CONSTANTS Procs
VARIABLES f, g
Init == /\ f = [p \in Procs |-> 0]
        /\ g = [p \in Procs |-> [q \in Procs |-> FALSE]]
Bump(p) == /\ f[p] < 2
           /\ f' = [f EXCEPT ![p] = @ + 1]
           /\ g' = [g EXCEPT ![p][p] = ~@]
Swap(p, q) == /\ p # q
              /\ f' = (p :> f[q]) @@ (q :> f[p]) @@ f
              /\ UNCHANGED g
Next == \/ \E p \in Procs : Bump(p)
        \/ \E p, q \in Procs : Swap(p, q)
TypeOK == /\ f \in [Procs -> 0..2]
          /\ g \in [Procs -> [Procs -> BOOLEAN]]
          /\ DOMAIN f = Procs
====
