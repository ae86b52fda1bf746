"""The teaching app: a local web page where students steer reform and watch the model respond.

``ssrsim app`` serves it (``server``); ``page`` is the Solara page, with Mesa's update counter
redrawing its panels each quarter.
"""
