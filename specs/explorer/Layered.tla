---- MODULE Layered ----
\* EXTENDS a local module; Bags; Permutations; Integers.
EXTENDS Base, Integers, Bags, TLC, FiniteSets
VARIABLES x, bag
Init == x = -1 /\ bag = SetToBag({"u"})
Next == /\ x' = Capped(x + 1)
        /\ x < Limit
        /\ bag' = IF CopiesIn("u", bag) = 1 THEN SetToBag({"u", "v"}) ELSE bag
Perms == Cardinality(Permutations({1, 2, 3})) = 6 /\ BagToSet(bag) \subseteq {"u", "v"}
====
