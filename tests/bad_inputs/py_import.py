import os
n_layer = 12
