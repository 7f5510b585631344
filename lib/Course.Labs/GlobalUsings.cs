// The library's BatchNorm layers replace TorchSharp's of the same name in the same role (same parameters, buffers and
// state_dict; see Models/Layers/BatchNormLayer.cs), so inside the library these names mean them, also in files that
// import TorchSharp.Modules.
global using BatchNorm1d = Course.Labs.Models.Layers.BatchNorm1d;
global using BatchNorm2d = Course.Labs.Models.Layers.BatchNorm2d;
