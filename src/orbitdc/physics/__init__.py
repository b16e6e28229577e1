"""orbitdc.physics"""
