---- MODULE Quant ----
\* Nested quantifiers, CHOOSE, junction lists nested in junction lists.
EXTENDS Naturals
VARIABLES m
Vals == 0..2
Init == m = [i \in 1..2 |-> 0]
Next == \E i \in DOMAIN m, v \in Vals :
          /\ \/ v > m[i]
             \/ /\ v = 0
                /\ \A j \in DOMAIN m : m[j] = 2
          /\ m' = [m EXCEPT ![i] = v]
Max == CHOOSE v \in Vals : \A w \in Vals : w <= v
Inv == \A i \in DOMAIN m : m[i] <= Max
====
