"""Cross-validation folds of the event-type trainer: stratified, by theatre, by register."""
from tocsin.extract.event_type.training import fold_assignment
from tocsin.extract.event_type.training_data import REGISTERS, Example


def rows() -> list[Example]:
    registers = sorted(REGISTERS)
    return [Example("ATTACK" if i % 2 else "ARREST", f"sentence number {i}",
                    registers[i % len(registers)], ["Mali", "Iraq", "Peru"][i % 3])
            for i in range(48)] + [Example("ATTACK", f"legacy row {i}") for i in range(16)]


def test_stratified_folds_split_every_code_evenly():
    examples = rows()
    folds = fold_assignment(examples, 4)
    for code in ("ATTACK", "ARREST"):
        per_fold = [sum(1 for e, f in zip(examples, folds) if e.code == code and f == k)
                    for k in range(4)]
        assert max(per_fold) - min(per_fold) <= 1


def test_register_folds_hold_each_register_in_one_fold():
    examples = rows()
    folds = fold_assignment(examples, len(REGISTERS), by_register=True)
    for register in REGISTERS:
        assert len({f for e, f in zip(examples, folds) if e.register == register}) == 1
    named = {f for e, f in zip(examples, folds) if e.register in REGISTERS}
    assert len(named) == len(REGISTERS)           # one register per fold
    legacy = {f for e, f in zip(examples, folds) if e.register not in REGISTERS}
    assert len(legacy) > 1                          # unknown register spread by text


def test_theatre_folds_hold_each_theatre_in_one_fold():
    examples = rows()
    folds = fold_assignment(examples, 5, by_theatre=True)
    for theatre in ("Mali", "Iraq", "Peru"):
        assert len({f for e, f in zip(examples, folds) if e.theatre == theatre}) == 1
