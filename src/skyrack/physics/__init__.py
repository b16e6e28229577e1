"""skyrack.physics"""
