# The tabular benchmark's data sets: public files that Debian packages ship (python3-sklearn,
# python3-statsmodels, python3-vega-datasets), each turned into one pandas DataFrame whose last
# column is the target. Nothing is downloaded. Where a set is derived from its file (a target
# thresholded, dummy columns folded back into one text column, a date reduced to a month), the
# derivation is written next to it and in docs/benchmarks.md.
import json
import os

import numpy as np
import pandas as pd

SKLEARN = "/usr/lib/python3/dist-packages/sklearn/datasets"
STATSMODELS = "/usr/lib/python3/dist-packages/statsmodels/datasets"
VEGA = "/usr/lib/python3/dist-packages/vega_datasets/_data"


def _sklearn(loader, target_name, labels=True):
    import sklearn.datasets as d

    bunch = getattr(d, loader)(as_frame=True)
    frame = bunch.frame.rename(columns={"target": target_name})
    if labels:  # class names as text, as a user's file would have them
        frame[target_name] = np.asarray(bunch.target_names)[bunch.target.to_numpy()]
    return frame


def iris():
    return _sklearn("load_iris", "species")


def wine():
    return _sklearn("load_wine", "cultivar")


def breast_cancer():
    return _sklearn("load_breast_cancer", "diagnosis")


def digits():
    return _sklearn("load_digits", "digit", labels=False)


def diabetes():
    import sklearn.datasets as d

    frame = d.load_diabetes(as_frame=True, scaled=False).frame
    return frame.rename(columns={"target": "progression"})


def cars():
    # vega's cars.json (UCI auto-mpg): 14 cells missing (mpg, horsepower). Target: the origin.
    frame = pd.DataFrame(json.load(open(os.path.join(VEGA, "cars.json"))))
    frame["Year"] = frame["Year"].str.slice(0, 4).astype(int)
    return frame.drop(columns=["Name"])[
        ["Miles_per_Gallon", "Cylinders", "Displacement", "Horsepower", "Weight_in_lbs",
         "Acceleration", "Year", "Origin"]]


def seattle_weather():
    # Imbalanced: 5 classes from 641 rows (rain) down to 26 (snow). The date becomes its month.
    frame = pd.read_csv(os.path.join(VEGA, "seattle-weather.csv"))
    frame.insert(0, "month", frame.pop("date").str.slice(5, 7).astype(int))
    return frame


def randhie():
    # RAND health insurance experiment, 20,190 rows. Derived: the target is whether the person saw
    # a doctor at all (mdvis > 0); the dummies hlthg/hlthf/hlthp fold back into one text column
    # 'health' (excellent when all three are 0), as the survey recorded it.
    frame = pd.read_csv(os.path.join(STATSMODELS, "randhie", "randhie.csv"))
    health = np.select([frame.hlthg == 1, frame.hlthf == 1, frame.hlthp == 1],
                       ["good", "fair", "poor"], "excellent")
    frame = frame.drop(columns=["hlthg", "hlthf", "hlthp"])
    frame.insert(len(frame.columns) - 1, "health", health)
    frame["visited"] = np.where(frame.pop("mdvis") > 0, "yes", "no")
    return frame


def fair():
    # Fair's affairs survey, 6,366 rows. Derived: binary target 'affair' = affairs > 0 (32 % yes).
    frame = pd.read_csv(os.path.join(STATSMODELS, "fair", "fair.csv"))
    frame["affair"] = np.where(frame.pop("affairs") > 0, "yes", "no")
    return frame


def anes96():
    # American National Election Studies 1996, 944 rows: vote (Clinton 0 / Dole 1).
    frame = pd.read_csv(os.path.join(STATSMODELS, "anes96", "anes96.csv"), sep="\t")
    frame.columns = [c.strip("'") for c in frame.columns]
    frame["vote"] = np.where(frame.pop("vote") > 0, "dole", "clinton")
    return frame


def barley():
    # Immer's barley trial, 120 rows: yield from two text columns (variety, site) and the year.
    frame = pd.DataFrame(json.load(open(os.path.join(VEGA, "barley.json"))))
    return frame[["variety", "site", "year", "yield"]]


# name: (loader, task, how missing cells are written in the CSV)
SETS = {
    "iris": (iris, "classify", "NA"),
    "wine": (wine, "classify", "NA"),
    "breast_cancer": (breast_cancer, "classify", "NA"),
    "digits": (digits, "classify", "NA"),
    "cars": (cars, "classify", "?"),
    "seattle_weather": (seattle_weather, "classify", "NA"),
    "anes96": (anes96, "classify", "NA"),
    "fair": (fair, "classify", "NA"),
    "randhie": (randhie, "classify", "NA"),
    "diabetes": (diabetes, "regress", "NA"),
    "barley": (barley, "regress", "NA"),
}
