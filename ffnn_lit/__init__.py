__version__ = "0.1.0"

from .model import FFNN, Dense
from .activations import get_activation, ACTIVATIONS
from .losses import get_loss, LOSSES
from .initializers import get_initializer, INITIALIZERS
from .training import TrainingDiverged
from .persistence import ModelFileError
