"""Models `bprop train` made from CSV files with missing cells and text columns (a tabular
encoding): bprop.load predicts with them bitwise as `bprop predict` does, from a DataFrame or an
array of the file's columns, and save() keeps them readable by the CLI."""
import csv
import os
import subprocess
import warnings

import numpy as np
import pytest

import bprop

CLI = os.environ.get("BPROP_CLI")
pytestmark = pytest.mark.skipif(not CLI, reason="BPROP_CLI (the bprop executable) is not set")
pd = pytest.importorskip("pandas", reason="python3-pandas is not installed")

COLUMNS = ["age", "color", "income", "city"]


def tabular_rows(n, seed, extra_colors=()):
    """Rows as a CSV file holds them: text cells, some missing ("", "NA", "?")."""
    rng = np.random.default_rng(seed)
    colors = ["red", "green", "blue", *extra_colors]
    rows = []
    for i in range(n):
        age = "" if i % 7 == 3 else ("NA" if i % 11 == 5 else repr(float(rng.normal(40, 12))))
        color = "" if i % 9 == 4 else colors[rng.integers(len(colors))]
        income = "?" if i % 13 == 6 else repr(float(rng.lognormal(10, 1)))
        city = ["Lyon", "Oslo", "Porto, Norte", 'the "Hague"'][rng.integers(4)]
        score = (float(age or 40) if age not in ("", "NA") else 40) / 10 + colors.index(
            color or "red") + (city == "Oslo")
        rows.append([age, color, income, city, f"k{int(score) % 3}", repr(score)])
    return rows


def write(path, rows, target):
    """The rows with one target column: "label" (classes) or "score" (values)."""
    keep = {"label": 4, "score": 5}[target]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS + [target])
        for r in rows:
            w.writerow(r[:4] + [r[keep]])


def cli_outputs(model, data):
    out = subprocess.run([CLI, "predict", "--model", str(model), "--data", str(data)],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    rows = list(csv.reader(out[1:]))
    return out[0].split(","), rows


def train(tmp_path, target, layers, extra=()):
    write(tmp_path / "train.csv", tabular_rows(300, 0), target)
    model = tmp_path / f"{target}.bprop"
    subprocess.run([CLI, "train", "--data", str(tmp_path / "train.csv"), "--layers", layers,
                    "--epochs", "5", "--seed", "3", "--out", str(model), *extra],
                   check=True, capture_output=True)
    # New rows: missing cells, and a color training never saw ("violet": all zeros).
    test_rows = tabular_rows(120, 1, extra_colors=("violet",))
    write(tmp_path / "test.csv", test_rows, target)
    return model, test_rows


def inputs_three_ways(path):
    """The test file as a DataFrame of its exact cell texts, as pandas reads it by default (the
    numbers as float64, missing cells as NaN) and as a list of rows of Python values."""
    exact = pd.read_csv(path, dtype=str, keep_default_na=False)
    parsed = pd.read_csv(path, float_precision="round_trip", na_values=["?"])
    values = parsed[COLUMNS].astype(object).where(parsed[COLUMNS].notna(), None).values.tolist()
    return [exact, parsed, values]


def test_a_cli_tabular_classifier_predicts_bitwise_as_bprop_predict(tmp_path):
    model, _ = train(tmp_path, "label", "16,relu,3")
    est = bprop.load(model)
    assert isinstance(est, bprop.MLPClassifier)
    assert list(est.feature_names_in_) == COLUMNS and est.n_features_in_ == 4
    header, rows = cli_outputs(model, tmp_path / "test.csv")
    assert header == ["class", "p_k0", "p_k1", "p_k2"]
    cli_probs = np.array([[np.float32(v) for v in r[1:]] for r in rows])
    for X in inputs_three_ways(tmp_path / "test.csv"):
        with pytest.warns(UserWarning, match="unseen categories"):
            probs = est.predict_proba(X).astype(np.float32)
        np.testing.assert_array_equal(probs, cli_probs)
        with pytest.warns(UserWarning):
            assert list(est.predict(X)) == [r[0] for r in rows]


def test_a_cli_tabular_regressor_predicts_bitwise_and_saves_for_the_cli(tmp_path):
    model, test_rows = train(tmp_path, "score", "16,tanh,1")
    est = bprop.load(model)
    assert isinstance(est, bprop.MLPRegressor)
    _, rows = cli_outputs(model, tmp_path / "test.csv")
    cli_values = np.array([np.float32(r[0]) for r in rows])
    exact = pd.read_csv(tmp_path / "test.csv", dtype=str, keep_default_na=False)
    with pytest.warns(UserWarning):
        np.testing.assert_array_equal(est.predict(exact).astype(np.float32), cli_values)
    # Training continues through the same encoding, and save() writes a file the CLI reads.
    known = exact[exact["color"] != "violet"]
    y = known["score"].astype(float).to_numpy()
    before = est.predict(known)
    est.partial_fit(known, y)
    assert not np.array_equal(est.predict(known), before)
    est.save(tmp_path / "trained.bprop")
    _, rows = cli_outputs(tmp_path / "trained.bprop", tmp_path / "test.csv")
    with pytest.warns(UserWarning):
        np.testing.assert_array_equal(est.predict(exact).astype(np.float32),
                                      np.array([np.float32(r[0]) for r in rows]))
    again = bprop.load(tmp_path / "trained.bprop")
    np.testing.assert_array_equal(again.predict(known), est.predict(known))


def test_tabular_inputs_that_do_not_fit_are_value_errors(tmp_path):
    model, _ = train(tmp_path, "label", "8,relu,3")
    est = bprop.load(model)
    good = pd.read_csv(tmp_path / "test.csv", dtype=str, keep_default_na=False)
    with pytest.raises(ValueError, match=r"no column\(s\) \['income'\]"):
        est.predict(good.drop(columns=["income"]))
    with pytest.raises(ValueError, match="4 columns"):
        est.predict(good[COLUMNS].to_numpy()[:, :3])
    bad = good.copy()
    bad.loc[2, "age"] = "forty"
    with pytest.raises(ValueError, match="X:4: column 'age': expected a number, got 'forty'"):
        est.predict(bad)
    bad.loc[2, "age"] = "inf"
    with pytest.raises(ValueError, match="X:4"):
        est.predict(bad)
    # Columns by name in any order, others ignored (as bprop predict reads a header).
    shuffled = good[["city", "label", "income", "color", "age"]]
    with pytest.warns(UserWarning):
        np.testing.assert_array_equal(est.predict_proba(shuffled), est.predict_proba(good))


def test_categories_pandas_reads_as_missing_are_named_in_a_warning(tmp_path):
    """A category spelt as one of pandas' default NA strings ("n/a", "NULL"): `bprop train` and
    `bprop predict` read it as text; pd.read_csv with its defaults as NaN, which the model would
    fill. predict says so (the filled cells, and which categories pandas took for missing)."""
    rng = np.random.default_rng(0)
    colours = np.array(["Electric", "Gas", "n/a", "NULL"])[rng.integers(4, size=200)]
    a = rng.normal(size=200).round(3)
    label = np.where((colours == "Gas") | (colours == "n/a"), "yes", "no")
    path = tmp_path / "heat.csv"
    pd.DataFrame({"a": a, "colour": colours, "label": label}).to_csv(path, index=False)
    model = tmp_path / "heat.bprop"
    subprocess.run([CLI, "train", "--data", str(path), "--layers", "8,relu,2", "--epochs", "5",
                    "--seed", "3", "--out", str(model)], check=True, capture_output=True)
    est = bprop.load(model)
    _, rows = cli_outputs(model, path)
    cli_probs = np.array([[np.float32(v) for v in r[1:]] for r in rows])
    for kept in (pd.read_csv(path, dtype=str, keep_default_na=False),
                 pd.read_csv(path, keep_default_na=False, float_precision="round_trip")):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the file's cells: nothing filled, nothing to say
            np.testing.assert_array_equal(est.predict_proba(kept).astype(np.float32), cli_probs)
    defaults = pd.read_csv(path, float_precision="round_trip")
    absent = int(defaults["colour"].isna().sum())
    with pytest.warns(UserWarning) as caught:
        probs = est.predict_proba(defaults).astype(np.float32)
    messages = [str(w.message) for w in caught]
    assert messages[0].startswith(f"X: {absent} missing cells filled (column 'colour': {absent}")
    assert messages[1].startswith(f"X: column 'colour' has {absent} missing cell(s) (None or NaN)"
                                  ", and the model's categories of that column include "
                                  "['NULL', 'n/a'], which pandas.read_csv reads as NaN")
    assert "keep_default_na=False" in messages[1] and len(messages) == 2
    assert (probs != cli_probs).any(axis=1).sum() > 0  # what the warning is about
    # Cells the file leaves empty: the CLI notes the count, predict warns with it, per column.
    holes = pd.read_csv(path, dtype=str, keep_default_na=False)
    holes.loc[[1, 4, 9], "colour"] = ""
    holes.loc[[2, 4], "a"] = ""
    holes.to_csv(tmp_path / "holes.csv", index=False)
    note = subprocess.run([CLI, "predict", "--model", str(model), "--data",
                           str(tmp_path / "holes.csv")], check=True, capture_output=True,
                          text=True).stderr
    assert "5 missing cells filled" in note
    with pytest.warns(UserWarning, match=r"X: 5 missing cells filled \(column 'a': 2, with "
                      r"[-0-9.e]+, column 'colour': 3, with '(Electric|Gas|NULL|n/a)'\)"):
        est.predict(holes)


def test_blanks_around_cells_and_names_are_trimmed_as_the_cli_reads_a_file(tmp_path):
    """The CLI's reader trims spaces and tabs from each cell and header name; fit and predict
    read a DataFrame's the same way, so "red " is the category "red" on both sides (a category
    "red " fitted in Python was unusable by `bprop predict`: "missing ... colour=red ")."""
    rng = np.random.default_rng(1)
    spelt = np.array(["red", "red ", " blue", "blue\t", "blue"])[rng.integers(5, size=120)]
    frame = pd.DataFrame({" a": rng.normal(size=120).round(3).astype(str), "colour ": spelt})
    y = np.where(np.char.strip(spelt.astype(str)) == "red", "r", "b")
    frame.assign(label=y).to_csv(tmp_path / "blanks.csv", index=False)
    est = bprop.MLPClassifier(hidden_layer_sizes=(8,), max_iter=5, random_state=0).fit(frame, y)
    assert est._model.feature_names == ["a", "colour=blue", "colour=red"]
    assert list(est.feature_names_in_) == ["a", "colour"]
    est.save(tmp_path / "py.bprop")
    _, rows = cli_outputs(tmp_path / "py.bprop", tmp_path / "blanks.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every cell a known category: no unseen ones
        probs = est.predict_proba(frame).astype(np.float32)
    np.testing.assert_array_equal(probs, np.array([[np.float32(v) for v in r[1:]] for r in rows]))
    # A model `bprop train` fitted on the file reads the DataFrame of its cells as it reads them.
    subprocess.run([CLI, "train", "--data", str(tmp_path / "blanks.csv"), "--layers", "8,relu,2",
                    "--epochs", "5", "--seed", "3", "--out", str(tmp_path / "cli.bprop")],
                   check=True, capture_output=True)
    cli = bprop.load(tmp_path / "cli.bprop")
    _, rows = cli_outputs(tmp_path / "cli.bprop", tmp_path / "blanks.csv")
    exact = pd.read_csv(tmp_path / "blanks.csv", dtype=str, keep_default_na=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(cli.predict_proba(exact).astype(np.float32),
                                      np.array([[np.float32(v) for v in r[1:]] for r in rows]))
