"""The teaching app: a local web page where students steer reform and watch the model respond.

``ssrsim app`` serves it (``server``); ``page`` is the Solara page, built from the parts
of Mesa's SolaraViz.
"""
