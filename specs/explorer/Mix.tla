---- MODULE Mix ----
EXTENDS Naturals, Sequences, FiniteSets
CONSTANTS Max
VARIABLES n, log
RECURSIVE Sum(_)
Sum(S) == IF S = {} THEN 0 ELSE LET x == CHOOSE y \in S : TRUE IN x + Sum(S \ {x})
Twice(F(_), v) == F(F(v))
Inc(v) == v + 1
Evens == {x \in 0..Max : x % 2 = 0}
Squares == {x * x : x \in 0..2}
Init == n = 0 /\ log = <<>>
Step(k) == /\ n + k <= Max
           /\ n' = CASE k = 1 -> n + 1 [] k = 2 -> Twice(Inc, n) [] OTHER -> n
           /\ log' = Append(log, k)
Reset == /\ n = Max
         /\ LET z == Sum({0, 0}) IN n' = z
         /\ log' = <<>>
Next == \E k \in {1, 2} : Step(k) \/ Reset
TypeOK == n \in Nat /\ n <= Max /\ Sum(Evens) >= 0 /\ Cardinality(Squares) = 3 /\ Twice(LAMBDA q : q * 2, 1) = 4
====
